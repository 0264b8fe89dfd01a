# Two entry points: `make run` (main job on the bundled default) and `make test`.
# Each installs only what it needs: `run` the core package, `app` adds the app's extra,
# `test` the test extra (which includes the app, since the app has tests).
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin

.PHONY: help run app test bench check fonts
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

# The Chinese PDF needs a CJK font (Debian's fonts-noto-cjk, SIL Open Font Licence); installed
# where apt-get can, otherwise the build says what to install.
fonts:
	@fc-list :lang=zh-tw family 2>/dev/null | grep -q . || \
	  { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	    apt-get install -y -qq fonts-noto-cjk >/dev/null; } || true

run: $(VENV)/.core fonts  ## validate the bundled register and build its disclosure
	$(BIN)/climrisk validate
	$(BIN)/climrisk build
	@echo "Done: open the disclosure.html (or .pdf, .docx) files listed above; the tables (CSV)," \
	  "workbook (XLSX) and numbers.json are beside them."

app: $(VENV)/.app  ## open the risk committee's app on the bundled default
	$(PY) -m climrisk.app_server

test: $(VENV)/.installed fonts  ## run the whole test suite (browser tests skip without chromium)
	$(BIN)/pytest

bench: $(VENV)/.installed  ## run the benchmarks (not part of the tests)
	for b in benchmarks/*.py; do $(PY) $$b || exit 1; done

check: $(VENV)/.core fonts  ## schemas fresh, register valid, disclosure fresh
	$(BIN)/climrisk schema --check
	$(BIN)/climrisk validate
	$(BIN)/climrisk build --check
