# The two commands a new user runs:
#   make demo   set everything up, generate the sample data, run the nightly flow on it
#   make test   set everything up (with the dev extra), lint (ruff, mypy) and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
TORCH  := torch==2.13.0
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test setup setup-dev lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# torch first and pinned: the CPU wheel on disk, never a multi-GB CUDA build
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet $(TORCH)
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

setup-dev: $(VENV)/.installed-dev

demo: setup
	$(BIN)/cxnlp demo

test: setup-dev
	$(MAKE) --no-print-directory lint
	bash scripts/install_chromium.sh
	$(BIN)/python -m pytest -q -p no:cacheprovider; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

lint: setup-dev
	$(BIN)/ruff check cxnlp flows tests bench training
	$(BIN)/ruff format --check cxnlp flows tests bench training
	$(BIN)/mypy cxnlp

# make notebooks: install Jupyter (the notebooks extra) and open notebooks/ on the
# store of `make demo` (the notebooks find configs/default.yaml from any folder, or
# read $CXNLP_CONFIG); JUPYTER_ARGS=--no-browser on a machine without a desktop
.PHONY: notebooks
$(VENV)/.installed-notebooks: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[notebooks]'
	touch $@

notebooks: $(VENV)/.installed-notebooks
	@test -f var/cxnlp.duckdb || echo "no store yet: run 'make demo' first"
	$(BIN)/jupyter notebook --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(JUPYTER_ARGS)

bench: setup-dev
	$(BIN)/python bench/bench_pipeline.py --quick

clean:
	rm -rf var test-artifacts
