# Two entry points: `make run` (main job on the bundled default) and `make test`.
# Each installs only what it needs: `run` the core package, `app` adds the app's extra,
# `test` the test extra (which includes the app, since the app has tests).
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin

.PHONY: help run app test bench check
help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.core: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.app: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e ".[app]"
	touch $@

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

run: $(VENV)/.core  ## validate the bundled register and build its disclosure
	$(BIN)/climrisk validate
	$(BIN)/climrisk build
	@echo "Done: open the disclosure.html files listed above in a browser; the tables (CSV)," \
	  "workbook (XLSX) and numbers.json are beside them."

app: $(VENV)/.app  ## open the risk committee's app on the bundled default
	$(BIN)/streamlit run app.py

test: $(VENV)/.installed  ## run the whole test suite (browser tests skip without chromium)
	$(BIN)/pytest

bench: $(VENV)/.installed  ## run the benchmarks (not part of the tests)
	for b in benchmarks/*.py; do $(PY) $$b || exit 1; done

check: $(VENV)/.core  ## schemas fresh, register valid, disclosure fresh
	$(BIN)/climrisk schema --check
	$(BIN)/climrisk validate
	$(BIN)/climrisk build --check
