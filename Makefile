# eda-drill: every target installs what it needs into .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ARGS   ?=

.PHONY: install install-test drill lab test lint bench e2e clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# JupyterHub's proxy for tests/test_hub.py: configurable-http-proxy from npm, kept inside .venv
PROXY := $(VENV)/proxy/node_modules/.bin/configurable-http-proxy
$(PROXY):
	@if command -v npm >/dev/null 2>&1; then \
		npm install --prefix $(VENV)/proxy --no-audit --no-fund --loglevel=error configurable-http-proxy@5; \
	else \
		echo "npm not found: the JupyterHub test needs configurable-http-proxy (apt-get install nodejs npm)" >&2; \
	fi

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test $(PROXY)

## drill: start a drill on the offline default and open it in JupyterLab (ARGS="--level 2" etc.)
drill: install
	$(BIN)/drill start $(ARGS)

## lab: JupyterLab on the results folder
lab: install
	$(BIN)/python -m jupyterlab --ServerApp.root_dir=$${DRILL_RESULTS:-results}

## lint: ruff, then the layer contracts of pyproject.toml ([tool.importlinter])
lint: install-test
	$(BIN)/ruff check runner tests benchmarks deploy
	$(BIN)/lint-imports

## test: lint, then the whole suite (browser test included where Chromium is installed)
test: lint
	$(BIN)/python -m pytest -q $(ARGS)

e2e: install-test
	$(BIN)/python -m pytest -q -m browser $(ARGS)

bench: install-test
	$(BIN)/python benchmarks/start.py
	$(BIN)/python benchmarks/profile.py
	$(BIN)/python benchmarks/grade.py
	$(BIN)/python benchmarks/process_hooks.py
	$(BIN)/python benchmarks/learner_waits.py
	$(BIN)/python benchmarks/columns.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
