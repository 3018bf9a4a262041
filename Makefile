# Every target sets itself up: a fresh clone needs only python3 (>= 3.11) and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install test lint demo fixtures bench clean redis-server chromium report

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# The tests run in TEST_WORKERS processes (pytest-xdist; 0: in pytest's own): much of their time
# is spent waiting on crawls, fake sites and timeouts, which two processes overlap.
TEST_WORKERS ?= 2

test: $(STAMP) redis-server chromium
	$(BIN)/ruff check newscrawler tests bench tools
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS)

# The cluster tests and bench-scale start a real redis-server (Debian package, installed if missing).
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
redis-server:
	@command -v redis-server >/dev/null || { $(SUDO) apt-get update && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends redis-server; }

# The report page's test opens it in Debian's chromium (playwright drives it; no browser download).
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends chromium; }

lint: $(STAMP)
	$(BIN)/ruff check newscrawler tests bench tools
	$(BIN)/ruff format --check newscrawler tests bench tools

demo: $(STAMP)
	$(BIN)/python tools/demo.py

# The dataset report: <DATASET_DIR>/report.html (charts, opens offline) and report.json.
# REPORT_ARGS: sources, --dataset-dir DIR, --output PATH (scrapy report -h).
report: $(STAMP)
	$(BIN)/scrapy report $(REPORT_ARGS)

fixtures: $(STAMP)
	$(BIN)/python tools/regen_fixtures.py $(SOURCE)

bench: $(STAMP)
	$(BIN)/python bench/extract.py

clean:
	rm -rf $(VENV) datasets/demo .pytest_cache .ruff_cache

.PHONY: card bench-export bench-scale

card: $(STAMP)
	$(BIN)/scrapy card --no-counts

bench-export: $(STAMP)
	$(BIN)/python bench/export.py

.PHONY: bench-quality

# The stories step of `scrapy compact` on 100,000 synthetic articles, then 1,000 more (README).
bench-quality: $(STAMP)
	$(BIN)/python bench/quality.py

.PHONY: bench-crawl

bench-crawl: $(STAMP)
	$(BIN)/python bench/crawl.py --articles 5000

.PHONY: bench-lang

# text_lang's accuracy on tests/fixtures/lang/labelled.jsonl, its speed, and the alternatives.
bench-lang: $(STAMP)
	$(BIN)/python bench/text_lang.py --compare

.PHONY: bench-foreign

# Article text on 85 real pages of 59 other sites (../shared/corpora/aeb-dev) vs trafilatura.
bench-foreign: $(STAMP)
	$(BIN)/python bench/foreign.py

.PHONY: cron live-check

# The scheduled run (README "Operating it"): lock, make install, crawl, log, report, exit code.
# Cron should call tools/cron.py itself: make turns every failing exit code into 2.
cron:
	$(PYTHON) tools/cron.py $(CRON_ARGS)

# Needs internet: a few current articles per edition of the live site, checked. Never in CI.
live-check: $(STAMP)
	$(BIN)/python tools/live_check.py

bench-scale: $(STAMP) redis-server
	$(BIN)/python -m bench.scale

.PHONY: soak

# The long hardening run (RELIABILITY.md): 150 crash-anywhere rounds, 20,000 fuzzed pages, thousands
# of property examples, a fresh seed each time (printed with the figures). About 20 minutes.
soak: $(STAMP)
	HARDENING_SOAK=1 $(BIN)/python -m pytest -q tests/hardening tests/extract/test_dates.py

.PHONY: fakesite

# A fake mail.kz on http://127.0.0.1:8080 (tests/fakesite/), to try a live crawl offline: README
# "Try it". FAKESITE_ARGS: --articles N, --port P, --sitemap, --rss (python -m tests.fakesite -h).
FAKESITE_ARGS ?= --articles 50
fakesite: $(STAMP)
	$(BIN)/python -m tests.fakesite $(FAKESITE_ARGS)
