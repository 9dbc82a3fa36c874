# The two commands of the course (see README.md):
#   make course   set up (first time only) and open the notebooks in JupyterLab
#   make test     set up (first time only) and run every test: unit tests + every notebook under nbval
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# JupyterLab refuses to start as root (Docker containers, cloud notebooks) unless told it may.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)
LAB    := $(BIN)/jupyter lab $(ALLOW_ROOT) notebooks/

.PHONY: course test setup run bench clean

course: setup
	$(LAB)

test: setup
	$(BIN)/python -m pytest tests notebooks --nbval-lax --nbval-current-env --nbval-cell-timeout=600 -q -p no:randomly

# Run (without opening a browser) every notebook top to bottom, as CI does.
run: setup
	$(BIN)/python -m pytest notebooks --nbval-lax --nbval-current-env --nbval-cell-timeout=600 -q

bench: setup
	$(BIN)/python benchmarks/bench_augment.py
	$(BIN)/python benchmarks/bench_simclr.py

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) *.egg-info
