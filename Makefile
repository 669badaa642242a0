# Every target sets up what it needs: a fresh clone only needs Python >= 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: install demo test lint eval eval-geo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	rm -f demo.db
	$(BIN)/warlog --db demo.db ingest examples/ --date 2015-06-27
	$(BIN)/warlog --db demo.db events --format table

test: install
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

eval: install
	$(BIN)/warlog eval $(SHARED)/seed/000_b389d2223fbaba74.gold.json
	$(MAKE) --no-print-directory eval-geo

# geoparsing: accuracy@161km, share resolved, mean and median error on TR-News
eval-geo: install
	$(BIN)/python -m warlog.eval.geoparsing $(SHARED)/eval/geoparsing/TR-News.xml

clean:
	rm -rf $(VENV) demo.db build src/*.egg-info
