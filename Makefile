# Two commands for people:   make run    (set up, then start the app)
#                            make test   (set up, then run the tests; the few slowest, marked
#                                        `slow`, run in CI: make test-slow, or make test-all)
# Everything lives in .venv inside this folder; delete it to start over.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8501

.PHONY: run test test-fast test-slow test-all setup setup-test bench clean

$(VENV)/.app-installed: requirements/app.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	# torch first, pinned: an unpinned torch can pull a multi-GB CUDA build
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet torch==2.13.0 -r requirements/app.txt
	touch $@

$(VENV)/.test-installed: $(VENV)/.app-installed requirements/test.txt
	$(PIP) install --quiet torch==2.13.0 -r requirements/test.txt
	bash scripts/install-browser.sh
	touch $@

setup: $(VENV)/.app-installed

setup-test: $(VENV)/.test-installed

run: setup
	$(PY) -m streamlit run app.py --server.port $(PORT)

test: setup-test
	$(PY) -m pytest -q -rs -m "not slow"

test-slow: setup-test  # the longest tests (a sweep, the browser's class, the load test)
	$(PY) -m pytest -q -rs -m slow

test-all: test test-slow  # what CI runs (.ci/run)

test-fast: setup-test  # the inner loop: no browser, nothing slow
	$(PY) -m pytest -q -rs -m "not slow and not browser"

bench: setup-test  # the browser sections need Playwright and chromium
	$(PY) -m bench run

clean:
	rm -rf $(VENV)
