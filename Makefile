# Bình dân học vụ số — developer commands. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT  # the settings derive WAGTAILADMIN_BASE_URL from it
MANAGE := $(PY) manage.py
# apt-get is used only when a system tool is missing and we are root (fresh CI machines).
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.DEFAULT_GOAL := help
.PHONY: help run test lint format setup messages makemessages migrate demo system-deps browser-deps player clean \
	build release serve worker deploy-deps

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

# requirements-dev.txt starts with `-r requirements.txt`: one install brings the runtime and the
# tests and tooling; a change to either file reinstalls.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed system-deps messages player ## Create .venv, install everything (runtime and dev), compile translations

# The H5P player (h5p-standalone), pinned in package-lock.json; .npmrc turns install scripts off.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm; }
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

player: node_modules/.installed ## Install the H5P player (npm ci) when package-lock.json changed

system-deps: ## Install gettext (translations) and Noto fonts (certificates) with apt-get when missing
	@command -v msgfmt >/dev/null && test -d /usr/share/fonts/truetype/noto || { \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gettext fonts-noto-core; }

browser-deps: ## Install Chromium and fonts for the browser tests when missing
	@command -v chromium >/dev/null && fc-list | grep -qi "noto sans" || { \
		$(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq chromium fonts-noto-core fonts-dejavu-core poppler-utils zbar-tools; }

deploy-deps: ## Install HAProxy (the two-node test's load balancer) with apt-get when missing
	@command -v haproxy >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq haproxy; }

messages: $(VENV)/.installed system-deps ## Compile the translation catalogues (.po -> .mo)
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

makemessages: $(VENV)/.installed ## Refresh locale/vi from the source (project strings only)
	$(MANAGE) makemessages -l vi --ignore=.venv --ignore=node_modules --ignore=locale --no-obsolete

migrate: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) load_places

demo: migrate ## Migrate, load provinces and communes, create the demo content
	$(MANAGE) seed_demo

run: demo ## Set up and serve the site with demo content on http://127.0.0.1:$(PORT)
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# --- Production (README, "Production"). These use the installed .venv and install nothing:
# a production node installs requirements.txt only. Settings: elearn.settings.production
# unless DJANGO_SETTINGS_MODULE says otherwise.
PRODUCTION_SETTINGS = DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-elearn.settings.production}
TASK_BACKEND ?= certificates

build: ## On every node, after installing the code: compile translations, collect static files
	$(PRODUCTION_SETTINGS) $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0
	$(PRODUCTION_SETTINGS) $(MANAGE) collectstatic --noinput -v 0

release: build ## Once per deployment, on one node: build, then migrate and load places
	$(PRODUCTION_SETTINGS) $(MANAGE) migrate --noinput
	$(PRODUCTION_SETTINGS) $(MANAGE) load_places

serve: ## Serve with gunicorn (WEB_CONCURRENCY processes x GUNICORN_THREADS threads, on GUNICORN_BIND)
	$(PRODUCTION_SETTINGS) exec $(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py elearn.wsgi

worker: ## Run a task worker: make worker TASK_BACKEND=certificates (or imports)
	$(PRODUCTION_SETTINGS) exec $(MANAGE) db_worker --backend $(TASK_BACKEND) --no-reload

# One pytest worker per core (pytest-xdist); the browser and deploy tests run one at a time on a
# single worker (tests/conftest.py, SERIAL_GROUPS). TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto
test: setup browser-deps deploy-deps ## Run the whole test suite (DATABASE_URL picks the database; SQLite by default)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: $(VENV)/.installed ## ruff check, ruff format --check, and no missing migration
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=elearn.settings.test $(MANAGE) makemigrations --check --dry-run

format: $(VENV)/.installed ## Format and fix the code with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean: ## Remove the virtualenv, the SQLite database and compiled files
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .pytest_cache .ruff_cache node_modules
	find . -name '*.mo' -not -path './.venv/*' -delete
