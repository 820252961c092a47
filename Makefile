# Two entry points, each creating (or reusing) a local virtual environment in .venv:
#   make figures   regenerate every figure with Snakemake (CORES=8 for a bigger machine)
#   make test      run the test suite
PYTHON ?= python3
VENV ?= .venv
CORES ?= 2
BIN := $(VENV)/bin

.PHONY: figures test clean-results

$(BIN)/.lingen-installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

figures: $(BIN)/.lingen-installed
	$(BIN)/snakemake --cores $(CORES)

test: $(BIN)/.lingen-installed
	$(BIN)/python -m pytest -q

clean-results:
	rm -rf results figures .snakemake
