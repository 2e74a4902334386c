# The two commands of README.md. Each sets up what it needs on a fresh Debian machine with Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: serve build test check examples bench clean

serve: $(STAMP)  ## Build and serve the site with live reload on http://127.0.0.1:8000/kb/
	$(BIN)/mkdocs serve --strict -a 127.0.0.1:8000

build: $(STAMP)  ## Strict build into site/
	$(BIN)/mkdocs build --strict

test: $(STAMP) chromium  ## The whole test suite (unit, built-site, examples and browser tests)
	$(BIN)/pytest

check: $(STAMP)  ## Fast checks: unit and built-site tests, without the browser or the code examples
	$(BIN)/pytest -m "not browser and not examples"

examples: $(STAMP)  ## The site's Python examples, run and signature-checked against the pinned libraries
	$(BIN)/pytest -v tests/test_examples.py

bench: $(STAMP) chromium  ## Benchmarks (not part of the tests)
	$(BIN)/python benchmarks/build_time.py
	$(BIN)/python benchmarks/search.py
	$(BIN)/python benchmarks/page_weight.py
	$(BIN)/python benchmarks/load_work.py
	$(BIN)/python benchmarks/search_links.py
	$(BIN)/python benchmarks/live_reload.py

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet $(if $(wildcard /opt/wheels),--find-links /opt/wheels) -e '.[test,examples]'
	touch $(STAMP)

# Browser tests drive Debian's Chromium (never a downloaded one). Installed here when we can.
.PHONY: chromium
chromium:
	@command -v $${CHROMIUM:-chromium} >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else \
	    echo "Chromium is required for the browser tests: sudo apt-get install chromium fonts-noto-cjk (or set CHROMIUM=/path/to/chromium)" >&2; exit 1; \
	  fi; }

clean:
	rm -rf site .pytest_cache
