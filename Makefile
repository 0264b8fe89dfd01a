# Two entry points: `make run` (main job on the bundled default) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin

.PHONY: help run app test bench check
help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

run: $(VENV)/.installed  ## validate the bundled register and build its disclosure
	$(BIN)/climrisk validate
	$(BIN)/climrisk build

app: $(VENV)/.installed  ## open the risk committee's app on the bundled default
	$(BIN)/streamlit run app.py

test: $(VENV)/.installed  ## run the whole test suite (browser tests skip without chromium)
	$(BIN)/pytest

bench: $(VENV)/.installed  ## run the benchmarks (not part of the tests)
	for b in benchmarks/*.py; do $(PY) $$b || exit 1; done

check: $(VENV)/.installed  ## schemas fresh, register valid, disclosure fresh
	$(BIN)/climrisk schema --check
	$(BIN)/climrisk validate
	$(BIN)/climrisk build --check
