# One-command setup. `make run` serves the app; `make test` passes the tests. Both set everything up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-12)

.PHONY: run test setup venv meili db demo lint fmt bench clean

run: setup
	$(FLASK) serve

# The whole suite on SQLite, then again (less the browser test) with a fresh PostgreSQL database per test.
test: venv meili
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		echo "*** chromium / chromedriver not found: the browser tests will be SKIPPED."; \
		echo "*** Install them with: sudo apt-get install chromium chromium-driver fonts-noto-cjk"; \
	fi
	$(PY) -m pytest $(PYTEST_ARGS)
	@if $(PY) -m tests.pg_available; then \
		echo "--- the suite again on PostgreSQL"; \
		TEST_DATABASE=postgres $(PY) -m pytest -q -m "not browser and not bench" $(PYTEST_ARGS); \
	elif [ -n "$$CI" ]; then echo "CI needs PostgreSQL for the second run"; exit 1; \
	else echo "skipped the PostgreSQL run"; fi

setup: venv meili db demo

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

# Provisions the pinned Meilisearch binary (checksum verified) unless MEILI_URL points at a server.
meili: venv
	$(PY) -m search.provision

db: venv
	$(FLASK) db upgrade

# The title models first: the demo codes its posts and seekers with them (the shortage catalogue), and
# search init fits hybrid search's title model over them.
demo: venv meili db
	$(FLASK) match train --if-missing
	$(FLASK) seed-demo --once
	$(FLASK) compliance train --if-missing
	$(FLASK) match classify-posts
	$(FLASK) match classify-seekers
	$(FLASK) search init

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: venv meili
	$(PY) -m bench.search_api --posts 5000
	$(PY) -m bench.search --posts 100000
	$(PY) -m bench.importers --rows 10000
	$(PY) -m bench.talent --resumes 100000
	$(PY) -m bench.live
	$(PY) -m bench.backup
	$(PY) -m bench.targets
	$(PY) -m bench.targets --postgres
	$(PY) -m bench.shortage
	$(PY) -m bench.shortage --postgres

clean:
	rm -rf $(VENV) .cache .pytest_cache .ruff_cache
