"""Files in and out: one private adapter per library, behind small front doors.

``atomic`` writes every output through a temporary file moved into place;
``libreoffice`` converts and recalculates with LibreOffice headless.
"""
