"""``python -m spp_xl``: the ``spp-xl`` command line, for a Python whose Scripts folder is not
on the PATH (``py -3.12 -m spp_xl doctor``)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
