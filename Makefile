# Everything a fresh machine needs: python3 (3.11 or newer) and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The browser tests drive Debian's /usr/bin/chromium: Playwright never downloads one.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: docs test lint types pytest fuzz bench screenshot clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,docs]'
	touch $@

## docs: build the documentation (on the demo catalog) into docs/_build/html
docs: $(STAMP)
	$(BIN)/sphinx-build -W --keep-going -b html docs docs/_build/html

## test: lint, types and every test
test: lint types pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

## fuzz: the property tests with thousands of examples each (minutes)
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest tests/test_fuzz_reader.py tests/test_fuzz_directives.py tests/test_fuzz_spackdb.py tests/test_fuzz_specsyntax.py

## bench: build times at real scale, as ratios against baselines of the same run
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

## screenshot: docs/_static/filtered-table.png, a filtered spec table in Chromium (furo)
screenshot: $(STAMP)
	$(BIN)/python tools/screenshot.py

clean:
	rm -rf $(VENV) docs/_build docs/_demo docs/cache benchmarks/_work .pytest_cache .mypy_cache .ruff_cache
