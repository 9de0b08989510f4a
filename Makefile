# spp_xl: `make report` and `make test` each do all the set-up they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: report test system-packages workbook bench clean

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

test: $(STAMP) system-packages
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) exports .pytest_cache .hypothesis
