# Two commands do all the set-up on a fresh machine with Python 3.11+:
#   make run    virtualenv, install, migrate, seed the curriculum, serve on http://127.0.0.1:8000
#               (another port: make run PORT=8101; links in emails then say that port)
#   make test   install, then ruff, Django's checks, the migrations check, the dependency audit
#               and the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# The site's public address (links in emails, feeds, the API): the address served on, unless
# SITE_URL is set in the environment.
SITE_ENV := SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}

BENCH_DB ?= altbench
BENCH_SERVER ?= postgres://postgres@127.0.0.1:5432
BENCH_ENV := DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=$(BENCH_SERVER)/$(BENCH_DB)

# `make serve`: the site as production runs it (gunicorn's ASGI workers, DEBUG off, hashed
# static files, and the task worker that delivers email), on plain HTTP at 127.0.0.1, against
# DATABASE_URL (else the SQLite file `make run` uses).
SERVE_ENV := DJANGO_SETTINGS_MODULE=altcms.settings.production SECURE_SSL_REDIRECT=0 \
	SECURE_COOKIES=0 ALLOWED_HOSTS=$${ALLOWED_HOSTS:-$(HOST),localhost} \
	SECRET_KEY=$${SECRET_KEY:-$$(cat .secret-key)} $(SITE_ENV)

.PHONY: run serve test lint check audit seed migrate clean bench backup restore

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed (found %s)." % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed-run

migrate: $(VENV)/.installed-run
	$(SITE_ENV) $(BIN)/python manage.py createcachetable
	$(SITE_ENV) $(BIN)/python manage.py migrate --noinput

seed: migrate
	$(SITE_ENV) $(BIN)/python manage.py seed_site --demo-users

run: seed
	$(SITE_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

check: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=altcms.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=altcms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

.secret-key:
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

serve: $(VENV)/.installed-run .secret-key
	$(SERVE_ENV) $(BIN)/python manage.py createcachetable
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	@echo "Serving http://$(HOST):$(PORT)/ (gunicorn) with a task worker for email; Ctrl-C stops both."
	$(SERVE_ENV) sh -c '$(BIN)/python manage.py db_worker --backend background --queue-name "*" & \
		worker=$$!; $(BIN)/gunicorn -c altcms/gunicorn.conf.py --bind $(HOST):$(PORT) & \
		web=$$!; trap "kill $$worker $$web 2>/dev/null" EXIT INT TERM; wait $$web'

# The database (pg_dump, or SQLite's online backup) and uploaded files, into backups/<time>/;
# `make restore BACKUP=backups/<time>` loads one into the configured, empty database.
backup: $(VENV)/.installed-run
	$(BIN)/python manage.py backup_site

restore: $(VENV)/.installed-run
	@test -n "$(BACKUP)" || { echo "Say which: make restore BACKUP=backups/<time>"; exit 2; }
	$(BIN)/python manage.py restore_site $(BACKUP)

# Known vulnerabilities in the pinned packages (pip-audit against OSV; altcms/ops/audit.py): fails
# on one; says so and is skipped where the database cannot be reached, unless AUDIT_REQUIRED=1.
audit: $(VENV)/.installed-dev
	$(BIN)/python -m altcms.ops.audit

test: lint check audit
	$(BIN)/pytest

# Seeds a large site in its own PostgreSQL database (once: later runs only top it up), then
# measures search and pages (wrk and gunicorn; Redis when REDIS_URL is set). Figures in the
# README; full tables in bench/results/.
bench: $(VENV)/.installed-dev
	-psql "$(BENCH_SERVER)/postgres" -qc "CREATE DATABASE $(BENCH_DB)" 2>/dev/null
	$(BENCH_ENV) $(BIN)/python -m bench.seed_large
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	psql "$(BENCH_SERVER)/$(BENCH_DB)" -qc "VACUUM ANALYZE"
	$(BENCH_ENV) $(BIN)/python -m bench.search
	$(BENCH_ENV) $(BIN)/python -m bench.pages
	$(BENCH_ENV) REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/3} $(BIN)/python -m bench.mixed

clean:
	rm -rf $(VENV) .test-media staticfiles
