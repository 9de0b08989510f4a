# spp_xl: `make report` and `make test` each do all the set-up they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: report test system-packages workbook bench clean wheel lite-deps lite-check lite-workbook release

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# LibreOffice (a real spreadsheet application for the tests and --pdf) and poppler.
system-packages:
	sh scripts/system-packages.sh

# The main job: the board report from the bundled workbook, into workbook/exports/
# (with a PDF too where LibreOffice is installed: `make system-packages` installs it).
WORKBOOK := workbook/SPP_Performance.xlsm
report: $(STAMP)
	$(BIN)/spp-xl summary $(WORKBOOK)
	$(BIN)/spp-xl export $(WORKBOOK) --force $$(command -v soffice >/dev/null && echo --pdf)

# Rebuild the workbook from its sources (register, data, VBA): after changing any of them.
workbook: $(STAMP)
	$(BIN)/spp-xl build-workbook -o $(WORKBOOK) --force

bench: $(STAMP) system-packages
	$(BIN)/python bench/run.py

# Every tool the tests use is installed first, so none is skipped here (SPP_XL_NO_SKIP: a missing
# one fails); a bare `pytest` elsewhere skips what needs LibreOffice or node, saying so.
test: $(STAMP) system-packages lite-deps
	SPP_XL_NO_SKIP=1 $(BIN)/python -m pytest -q

# ------------------------------------------------------------------ xlwings Lite (docs/lite.md)
# The pure wheel Lite installs (requirements.txt names it by index or by URL), into dist/.
wheel: $(STAMP)
	rm -f dist/spp_xl-*.whl
	$(BIN)/python -m pip wheel --quiet --no-deps -w dist .
	@ls -l dist/spp_xl-*.whl

# What lite-check runs offline: the Pyodide runtime of the npm package `pyodide` (the version
# xlwings Lite runs: its workbooks record pyodideVersion, spp_xl/lite/parts.py's PYODIDE_VERSION)
# under node, in .lite/node, and the pure wheels the Lite workbook's requirements.txt names, in
# .lite/wheels. Both folders are git-ignored.
PYODIDE_VERSION := $(shell sed -n 's/^PYODIDE_VERSION = "\(.*\)".*/\1/p' spp_xl/lite/parts.py)
PYODIDE_STAMP := .lite/node/.pyodide-$(PYODIDE_VERSION)
WHEELS_STAMP := .lite/wheels/.downloaded
$(PYODIDE_STAMP):
	@command -v npm >/dev/null || { echo "npm is missing: sh scripts/system-packages.sh installs it" >&2; exit 1; }
	rm -rf .lite/node && mkdir -p .lite/node
	npm install --prefix .lite/node --no-audit --no-fund --no-save --loglevel=error pyodide@$(PYODIDE_VERSION)
	touch $@
$(WHEELS_STAMP): pyproject.toml spp_xl/lite/code.py $(STAMP) $(PYODIDE_STAMP)
	rm -rf .lite/wheels
	$(BIN)/python scripts/lite_check.py download
	touch $@
lite-deps: system-packages $(PYODIDE_STAMP) $(WHEELS_STAMP)

# The Lite workbook's own main.py under Pyodide, offline, with no spp_xl wheel: summary --json equals
# CPython's, the custom functions give the seed's figures, the scripts write what CPython's do.
lite-check: $(STAMP) lite-deps
	$(BIN)/python scripts/lite_check.py

# The macro-free workbook for xlwings Lite, from the same sources as the .xlsm; its main.py carries
# spp_xl. LITE_REQUIREMENT (a council's own index): install spp_xl by this requirements.txt line instead.
LITE_WORKBOOK := workbook/SPP_Performance_Lite.xlsx
lite-workbook: $(STAMP)
	$(BIN)/python -m spp_xl.lite -o $(LITE_WORKBOOK) --force $(if $(LITE_REQUIREMENT),--requirement "$(LITE_REQUIREMENT)")

# ------------------------------------------------------------------ the release (docs/windows.md)
# dist/release/: the two workbooks, a wheelhouse of spp_xl and every wheel it needs on 64-bit
# Windows for Python 3.11 to 3.13 (fetched from the package index; kept in .release-cache/),
# install.cmd and README.txt: what a council copies to a laptop with no internet and no make.
release: $(STAMP)
	$(BIN)/python scripts/release.py

clean:
	rm -rf $(VENV) exports .pytest_cache .hypothesis .lite dist build .release-cache
