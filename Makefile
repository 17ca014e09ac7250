# Two commands: `make run` and `make test`. Everything they need is installed here, into .venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
NPM := $(VENV)/bin/npm
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: run test setup db lint bench bench-export bench-import bench-api bench-web clean cluster cluster-test cluster-stop cluster-measure

run: db
	@$(PY) manage.py create_demo_superuser --url http://$(HOST)
	@echo "Portal: http://$(HOST)/ (English: http://$(HOST)/en/)"
	@# One background-job worker beside the server; Ctrl-C (or the server's end) stops both.
	@$(PY) manage.py run_worker --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST)

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest $(PYTEST_ARGS)

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "libportal needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependency lists change.
$(STAMP): pyproject.toml package.json package-lock.json | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	$(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $(STAMP)

setup: $(STAMP)
	@$(PY) manage.py compile_translations

db: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_regions
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_demo_reports

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# Export benchmark on PostgreSQL (see bench/README.md); needs DATABASE_URL=postgres://…
bench-export: setup
	$(PY) bench/export_bench.py --participants $(or $(PARTICIPANTS),1000000)

# Import benchmark on PostgreSQL (see bench/README.md); needs DATABASE_URL=postgres://…
bench-import: setup
	$(PY) bench/import_bench.py --rows $(or $(ROWS),10000)

# API pagination benchmark on PostgreSQL (see bench/README.md); needs DATABASE_URL=postgres://…
bench-api: setup
	$(PY) bench/api_bench.py --participants $(or $(PARTICIPANTS),1000000)

# Public pages under wrk, cache off and on (see bench/README.md); DATABASE_URL=postgres://… of its own
bench-web: setup
	$(PY) bench/wrk_bench.py --participants $(or $(PARTICIPANTS),200000) --duration $(or $(DURATION),15)

# A production-shaped cluster on this machine (cluster/, docs/deploy.md): PostgreSQL primary and
# replica, Redis, S3 (moto), two gunicorn app servers behind nginx, a job worker; state in .cluster/
cluster: setup
	$(PY) cluster/start.py

cluster-test: setup
	$(PY) cluster/scenario.py

cluster-stop:
	$(PY) cluster/stop.py

# The figures docs/deploy.md sizes from (requests/s and memory per worker, per job), on the cluster
cluster-measure: setup
	$(PY) cluster/measure.py

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
