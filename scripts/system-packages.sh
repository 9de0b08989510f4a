#!/bin/sh
# Installs the Debian packages the tests need when they are missing:
# LibreOffice Calc (opens, recalculates and renders what spp_xl writes), poppler-utils
# (PDF to PNG), Carlito (Calibri's metrics, so pages lay out as in Excel), and node with npm
# (make lite-check runs xlwings Lite's Python, Pyodide, under node), and python3-uno.
set -eu
missing=""
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-calc"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
fc-list 2>/dev/null | grep -qi carlito || missing="$missing fonts-crosextra-carlito"
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
# LibreOffice's Python bridge: the tests edit workbooks in LibreOffice as staff would.
/usr/bin/python3 -c "import uno" >/dev/null 2>&1 || missing="$missing python3-uno"
[ -z "$missing" ] && exit 0
echo "installing:$missing" >&2
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "cannot install$missing: run as root or install them yourself (apt-get install -y$missing)" >&2
  exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
