# kassalink: `make demo` runs the product, `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
SIM_PORT ?= 8765
# The services the second test pass runs against (PostgreSQL, Redis, RabbitMQ).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
TEST_REDIS_URL    ?= redis://127.0.0.1:6379/15
TEST_AMQP_URL     ?= amqp://guest:guest@127.0.0.1:5672//

.PHONY: demo test bench lint format messages install install-test chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# setup.py builds the one compiled part (kassalink/mplus/_xmltree.c): a change to it
# must reach the venv's in-place build too.
BUILD_INPUTS := pyproject.toml setup.py kassalink/mplus/_xmltree.c

$(VENV)/.installed: $(BUILD_INPUTS) node_modules/.package-lock.json | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BUILD_INPUTS) node_modules/.package-lock.json | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

# Browser libraries (Chart.js for Insights) from the npm registry, exactly as locked in
# package-lock.json; Django serves their dist files as static files (settings.py).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Browser tests drive Debian's chromium (Playwright's own browser download does not work here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

demo: install
	$(BIN)/kassalink compilemessages --ignore '.venv/*' -v 0
	$(BIN)/kassalink migrate --no-input -v 0
	$(BIN)/kassalink demo --port $(PORT) --simulator-port $(SIM_PORT)

test: install-test chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/kassalink compilemessages --ignore '.venv/*' -v 0
	$(BIN)/kassalink makemigrations --check --dry-run -v 1
	rm -f test-results/junit-*.xml
	$(BIN)/pytest -m "not services" -p no:cacheprovider --junitxml=test-results/junit-main.xml
	# The same suite again on PostgreSQL, with the Celery and crash tests on Redis and RabbitMQ
	# (the browser tests have shown the pages on SQLite already).
	@if $(BIN)/python scripts/postgres_ready.py "$(TEST_DATABASE_URL)"; then \
	  set -x; DATABASE_URL=$(TEST_DATABASE_URL) KASSALINK_TEST_REDIS_URL=$(TEST_REDIS_URL) \
	  KASSALINK_TEST_AMQP_URL=$(TEST_AMQP_URL) $(BIN)/pytest -m "not browser" -p no:cacheprovider \
	  --junitxml=test-results/junit-postgres.xml; \
	else [ "$$CI" != "true" ]; fi
	$(BIN)/python scripts/test_summary.py test-results/junit-*.xml

# wrk (Debian) is the webhook benchmark's load generator (bench/webhook_load.lua).
bench: install-test
	command -v wrk >/dev/null || apt-get install -y wrk
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) KASSALINK_TEST_REDIS_URL=$(TEST_REDIS_URL) $(BIN)/python -m bench

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	cd kassalink && ../$(BIN)/kassalink makemessages -l en --ignore 'tests/*' --no-obsolete

clean:
	rm -rf $(VENV) var .pytest_cache build node_modules
	find kassalink -name "*.so" -delete
