# Coalition: two commands for a fresh Debian/Ubuntu machine with Python 3.11+ and Node 20+.
#   make run   install, migrate, load countries, the 2012 plan and agenda and demo data,
#              serve on http://127.0.0.1:8000 as users meet the site (gunicorn, DEBUG off),
#              with the background worker (db_worker) beside it
#   make test  everything CI runs (lint, tests on SQLite and PostgreSQL, browser tests,
#              the production path, the API fuzzed as each persona)
# For changing the code: make dev (the same, served by Django's auto-reloading debug server).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run dev install install-python install-frontend migrate demo collectstatic test lint \
        format test-sqlite test-postgres test-browser test-production system-run-deps \
        system-test-deps messages clean bench bench-load bench-report test-api-fuzz

# The "local" mode of coalition/settings.py: production's pages (DEBUG off, the app's own
# error pages, hashed static files served by WhiteNoise) over plain http on this machine.
# Plain (sync) workers: gunicorn's threaded ones hang for 30 s on Ctrl+C once a browser has
# connected. No control socket: it would sit in ~/.gunicorn, shared by every checkout.
# The background worker (large imports, PDFs, e-mails) runs beside the web server and
# stops with it: Ctrl+C reaches both, and the trap ends the worker whatever stops gunicorn.
run: export COALITION_ENV := local
run: system-run-deps install migrate demo collectstatic
	@echo "Coalition is starting on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(BIN)/coalition db_worker --no-reload & worker=$$!; \
	$(BIN)/gunicorn coalition.wsgi --bind $(HOST):$(PORT) --workers 3 \
	    --access-logfile - --no-control-socket

# DEBUG on: Django's debug pages, and the server restarts when a Python file changes.
dev: export COALITION_ENV := development
# The worker does not reload with the code: after changing a task, stop and start again.
dev: system-run-deps install migrate demo
	@echo "Coalition (development) is starting on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(BIN)/coalition db_worker --no-reload & worker=$$!; \
	$(BIN)/coalition runserver $(HOST):$(PORT)

install: install-python install-frontend

install-python: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install-frontend: static/vendor/.installed
static/vendor/.installed: package.json package-lock.json scripts/copy-vendor.sh
	# --ignore-scripts: no package may run code (or phone home) at install time.
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	bash scripts/copy-vendor.sh
	touch $@

migrate: install
	$(BIN)/coalition migrate --no-input
	$(BIN)/coalition load_countries
	$(BIN)/coalition load_gazetteer

# The demo loads the Palermo framework file itself (an earlier draft of it as version 1,
# the file as version 2): load_framework after it then changes nothing.
demo: migrate
	$(BIN)/coalition load_plan coalition/plans/data/plan-operativo-2012.json coalition/plans/data/agenda-2012-2013.json
	$(BIN)/coalition load_demo
	$(BIN)/coalition load_framework coalition/indicators/data/palermo.json

# Static files under hashed names into STATIC_ROOT (staticfiles/), for WhiteNoise.
collectstatic: install
	$(BIN)/coalition collectstatic --no-input --verbosity 0

# --- tests --------------------------------------------------------------------

test: install system-test-deps lint test-sqlite test-postgres test-browser test-production \
      test-api-fuzz

system-run-deps:
	bash scripts/system-deps.sh run

system-test-deps:
	bash scripts/system-deps.sh test

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

test-sqlite: install
	$(BIN)/pytest -m "not browser" -n 2 -q

test-postgres: install
	bash scripts/with-postgres.sh $(BIN)/pytest -m "not browser" -n 2 -q

test-browser: install
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -m browser -q

# The README's "Production" section on a throwaway folder and database: collectstatic,
# check --deploy, gunicorn behind a pretend TLS proxy, public pages and a regional
# administrator's pages after two-factor, static files' hashes, cache headers, compression.
test-production: install
	bash scripts/test-production.sh

# The REST API fuzzed by schemathesis against its own schema (/api/schema/), reads and
# writes, signed in as each demo persona and as nobody, on a throwaway server with the demo
# data: fails on any 5xx and on any answer the schema does not describe. Reports (JUnit)
# in test-artifacts/api-fuzz/.
test-api-fuzz: install
	bash scripts/test-api-fuzz.sh

# Dashboard of a 300-activity plan, directory search, the map's GeoJSON of 5,000 zones and
# 1,000 routes, the demo's key contacts' cards PDF, the indicators' regional matrix, an office's
# referral inbox among 10,000: median server times and query counts
# (throwaway databases), as a regional administrator and as a country editor. Every
# benchmark runs; the target fails when any figure missed its target.
bench: install
	status=0; \
	$(BIN)/python bench/plans.py || status=1; \
	$(BIN)/python bench/directory.py || status=1; \
	bash scripts/with-postgres.sh $(BIN)/python bench/directory.py --postgres || status=1; \
	$(BIN)/python bench/routes.py || status=1; \
	bash scripts/with-postgres.sh $(BIN)/python bench/routes.py --postgres || status=1; \
	$(BIN)/python bench/cards.py || status=1; \
	$(BIN)/python bench/sentences.py || status=1; \
	$(BIN)/python bench/indicators.py || status=1; \
	$(BIN)/python bench/coordination.py || status=1; \
	$(BIN)/python bench/report.py || status=1; \
	exit $$status

# The public site under load (not part of `make test`, nor of `make bench`: it takes two
# minutes and wants an otherwise idle machine): gunicorn in production settings with the
# demo data, wrk (installed when missing) against a bare view behind the same middleware,
# the public home, a country's help page and the statistics page; requests/s, p50, p99,
# errors and each page's ratio to the bare view. Fails when the home serves less than half
# the bare view's requests/s, or on any error.
bench-load: install
	bash bench/load.sh

# The regional annual report (data, charts, PDF; and Word) for nine countries and the demo
# year: median of three builds; fails over 5 s. Also part of `make bench`.
bench-report: install
	$(BIN)/python bench/report.py

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate translation files after changing user-visible strings.
messages: install
	$(BIN)/coalition makemessages -l es --no-obsolete --add-location file \
	    --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'static/vendor/*'
	$(BIN)/coalition compilemessages -l es --ignore '.venv/*'

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles test-artifacts
