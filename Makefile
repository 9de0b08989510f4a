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

report: $(STAMP)
	$(BIN)/spp-xl summary --commentary

test: $(STAMP) system-packages
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) exports .pytest_cache .hypothesis
