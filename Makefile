# Every target sets itself up: a fresh clone needs only python3 (>= 3.11) and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install test lint demo fixtures bench clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/ruff check newscrawler tests bench tools
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check newscrawler tests bench tools
	$(BIN)/ruff format --check newscrawler tests bench tools

demo: $(STAMP)
	$(BIN)/python tools/demo.py

fixtures: $(STAMP)
	$(BIN)/python tools/regen_fixtures.py

bench: $(STAMP)
	$(BIN)/python bench/extract.py

clean:
	rm -rf $(VENV) datasets/demo .pytest_cache .ruff_cache

.PHONY: card bench-export

card: $(STAMP)
	$(BIN)/scrapy card

bench-export: $(STAMP)
	$(BIN)/python bench/export.py

.PHONY: bench-crawl

bench-crawl: $(STAMP)
	$(BIN)/python bench/crawl.py --articles 5000

.PHONY: cron live-check

# The scheduled run (README "Operating it"): lock, make install, crawl, log, report, exit code.
# Cron should call tools/cron.py itself: make turns every failing exit code into 2.
cron:
	$(PYTHON) tools/cron.py $(CRON_ARGS)

# Needs internet: a few current articles per edition of the live site, checked. Never in CI.
live-check: $(STAMP)
	$(BIN)/python tools/live_check.py
