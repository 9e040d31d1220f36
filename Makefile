# Two commands: `make demo` (the main job on sample data) and `make test` (the whole suite).
# Each creates the virtual environment and installs what it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: demo test venv bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed-dev

demo: $(VENV)/.installed-dev
	$(BIN)/debtdesk demo --out $(OUT)

# The Open XML SDK validator (npm, WebAssembly) the tests run on every workbook DebtDesk writes.
OOXML  := tests/ooxml/node_modules/.package-lock.json

$(OOXML): tests/ooxml/package.json tests/ooxml/package-lock.json
	npm ci --prefix tests/ooxml --no-audit --no-fund --loglevel=error

# Bytecode caching is on for the suite even where the environment turns it off: pytest rewrites each
# test module's asserts once instead of in every worker on every run, and the suite's ~40 child
# processes (CLI runs, pool and Dask workers) import cached code (collection 6 s -> 3 s a worker here).
test: $(VENV)/.installed-dev
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(OOXML); \
	else echo "make: npm not found, so the Open XML validator tests will skip (apt-get install -y nodejs npm)"; fi
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench

clean:
	rm -rf $(OUT) build dist *.egg-info .pytest_cache
