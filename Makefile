# Two commands set up everything on a machine with Python, git and make:
#   make site   build the sample briefing into site/
#   make test   run every check and test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FACTS ?= facts
ARCHIVE ?= ../shared/seeds

.PHONY: site test serve lint check schema fmt verify-quotes bench screenshot clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/briefing build --offline --facts $(FACTS)

serve: $(STAMP)
	$(BIN)/briefing serve --facts $(FACTS)

check: $(STAMP)
	$(BIN)/briefing check --strict --facts $(FACTS)

lint: $(STAMP)
	$(BIN)/ruff check scripts tests
	$(BIN)/ruff format --check scripts tests
	$(BIN)/mypy
	$(BIN)/mypy scripts/bench.py scripts/screenshot.py

test: lint
	$(BIN)/pytest

schema: $(STAMP)
	$(BIN)/briefing schema --out $(FACTS)/schema

fmt: $(STAMP)
	$(BIN)/briefing fmt --facts $(FACTS)

verify-quotes: $(STAMP)
	$(BIN)/briefing verify-quotes --facts $(FACTS) --archive $(ARCHIVE)

# Time the build of synthetic briefings of 100, 1,000 and 10,000 actors (QUICK=1 stops at
# 1,000) and write bench/results.json.
bench: $(STAMP)
	$(BIN)/python scripts/bench.py $(if $(QUICK),--quick)

# Take the README's screenshot of the first dispute page into assets/readme/dispute.png.
screenshot: $(STAMP)
	$(BIN)/python scripts/screenshot.py --facts $(FACTS)

clean:
	rm -rf site .site-* $(VENV)
