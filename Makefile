# PTSP portal: `make start` serves the demo site, `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := $(shell sed -n 's/^uv==//p' constraints.txt)
INSTANCE := instance
CHROMIUM ?= /usr/bin/chromium
TEST_ARGS ?=
DRY_RUN ?=
# the demo mail catcher (scripts/demo/catcher.py), on 127.0.0.1 only: the SMTP
# port a new demo site's MailHost sends to, and the port of its web inbox
DEMO_MAIL_PORT ?= 8025
DEMO_INBOX_PORT ?= 8026
NODE_STAMP := node_modules/.installed

.PHONY: help
help: ## Show the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-16s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert (3, 10) <= sys.version_info[:2] <= (3, 13), "Python 3.10-3.13 is required, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.installed: $(BIN)/python setup.py constraints.txt
	$(BIN)/uv pip install --python $(BIN)/python --quiet -c constraints.txt -e ".[test,dev]" "zc.buildout" "plone.recipe.zope2instance"
	touch $@

.PHONY: install
install: $(VENV)/.installed $(NODE_STAMP) ## Create .venv and install the pinned set (constraints.txt, package-lock.json)

# The JavaScript from npm (package.json, pinned in package-lock.json: pdf.js
# for the officers' previews, axe-core and HTML_CodeSniffer for the
# accessibility checks of tests/browser/axe.py and htmlcs.py), installed
# again only when the lock changes (the stamp). Other tools may be added to
# package.json (exact versions) and the lock regenerated with
# `npm install --package-lock-only`.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { \
	  sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	}
	npm ci --no-audit --no-fund
	touch $@

.PHONY: node-deps
node-deps: $(NODE_STAMP) ## Install the pinned npm packages (npm ci) when package-lock.json changed

# Re-rendered whenever instance.yaml or the renderer changed, so that an
# existing instance picks up a corrected configuration on the next start.
$(INSTANCE)/etc/zope.conf: instance.yaml scripts/instance/render.py $(wildcard scripts/instance/templates/*) $(VENV)/.installed
	$(BIN)/python -m scripts.instance.render instance.yaml

.PHONY: instance
instance: $(INSTANCE)/etc/zope.conf ## Render instance/ from instance.yaml

.PHONY: site
site: instance ## Create the site `ptsp` from the distribution (kept if it exists)
	@$(BIN)/python -m scripts.instance.zeo wait instance.yaml
	@listen=$$($(BIN)/python -c 'import yaml; print(yaml.safe_load(open("instance.yaml"))["default_context"].get("wsgi_listen", "localhost:8080"))'); \
	PUBLIC_SITE_URL=$${PUBLIC_SITE_URL:-http://$$listen/ptsp} DEMO_MAIL_PORT=$(DEMO_MAIL_PORT) \
	  $(BIN)/zconsole run $(INSTANCE)/etc/zope.conf scripts/create_site.py

# Ends with the demo mail catcher (when the site's mail goes to it), the demo
# accounts and what to try (scripts/demo/start.py), then becomes the server.
.PHONY: start
start: site ## Install, render the instance, create the demo site and serve it
	@DEMO_INBOX_PORT=$(DEMO_INBOX_PORT) $(BIN)/python -m scripts.demo.start instance.yaml $(INSTANCE)/etc/zope.ini

# The cluster (scripts/cluster): PostgreSQL + RelStorage, the instances of
# cluster.yaml, HAProxy and Varnish on instance.yaml's wsgi_listen
INSTANCE_CONFIG ?= instance.yaml
CLUSTER_CONFIG ?= cluster.yaml

.PHONY: cluster-deps
cluster-deps: ## Install Debian's postgresql, haproxy and varnish when missing
	@if [ -z "$(INITDB)" ] || [ ! -x /usr/sbin/haproxy ] || [ ! -x /usr/sbin/varnishd ]; then \
	  sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql haproxy varnish >/dev/null; \
	fi

.PHONY: cluster
cluster: install cluster-deps ## Start PostgreSQL, the Zope instances, HAProxy and Varnish in the background (cluster.yaml)
	$(BIN)/python -m scripts.cluster up --instance $(INSTANCE_CONFIG) --config $(CLUSTER_CONFIG)

.PHONY: cluster-stop
cluster-stop: ## Stop everything `make cluster` started (the data stays)
	$(BIN)/python -m scripts.cluster down --instance $(INSTANCE_CONFIG) --config $(CLUSTER_CONFIG)

.PHONY: cluster-status
cluster-status: ## Which pieces of the cluster answer
	$(BIN)/python -m scripts.cluster status --instance $(INSTANCE_CONFIG) --config $(CLUSTER_CONFIG)

.PHONY: zeo
zeo: instance ## Serve the database for db_storage: zeo (ZEO server, etc/zeo.conf); run before `make start`
	$(BIN)/python -m scripts.instance.zeo serve instance.yaml

.PHONY: check-blobs
check-blobs: instance ## List applications whose documents lost their file (read-only; exit 1 if any)
	$(BIN)/python -m scripts.instance.check_blobs $(INSTANCE)/etc/zope.conf

# Backups of the storage instance.yaml describes (scripts/instance/backup.py):
# one folder per backup in db_backup_location (default backups/)
FROM ?=
OVERWRITE ?=

.PHONY: backup
backup: $(VENV)/.installed ## Back up the database (FileStorage: repozo + blobs; RelStorage: pg_dump) into backups/
	$(BIN)/python -m scripts.instance.backup backup

.PHONY: restore
restore: $(VENV)/.installed ## Restore FROM=backups/<folder> into a stopped, empty instance (OVERWRITE=1: replace its data)
	@if [ -z "$(FROM)" ]; then echo "usage: make restore FROM=backups/<folder> [OVERWRITE=1]" >&2; exit 2; fi
	$(BIN)/python -m scripts.instance.backup restore "$(FROM)"$(if $(filter-out 0 false no,$(OVERWRITE)), --overwrite)

.PHONY: pack
pack: $(VENV)/.installed ## Pack the database keeping db_pack_days of history (FileStorage: instance stopped)
	$(BIN)/python -m scripts.instance.backup pack

# PostgreSQL: the server binaries the access-log tests start (tests/postgresql.py)
INITDB = $(firstword $(wildcard /usr/lib/postgresql/*/bin/initdb) $(shell command -v initdb))

.PHONY: renewal-reminders
renewal-reminders: instance ## Mail holders whose permits end within the reminder intervals, once per interval (DRY_RUN=1: only list)
	$(BIN)/zconsole run $(INSTANCE)/etc/zope.conf scripts/renewal_reminders.py --site $${SITE_ID:-ptsp}$(if $(filter-out 0 false no,$(DRY_RUN)), --dry-run)

.PHONY: retention
retention: instance ## Remove documents and personal data of rejected/withdrawn applications past the retention period (DRY_RUN=1: only list)
	$(BIN)/zconsole run $(INSTANCE)/etc/zope.conf scripts/retention.py --site $${SITE_ID:-ptsp}$(if $(filter-out 0 false no,$(DRY_RUN)), --dry-run)

.PHONY: test-deps
test-deps: ## Install Debian's chromium (browser tests), poppler-utils (PDF/QR tests), postgresql and varnish when missing
	@if [ ! -x "$(CHROMIUM)" ] || ! command -v pdftoppm >/dev/null || [ -z "$(INITDB)" ] || [ ! -x /usr/sbin/varnishd ]; then \
	  sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils postgresql varnish >/dev/null; \
	fi
	@"$(CHROMIUM)" --version; pdftoppm -v 2>&1 | head -n 1; \
	initdb=$$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -n 1); $${initdb:-initdb} --version

.PHONY: lint
lint: install ## ruff: lint rules (ruff.toml) and formatting; fails on any finding
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

.PHONY: format
format: install ## ruff: fix what can be fixed and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: test
test: install test-deps lint ## Lint, then run the whole test suite (zope.testrunner)
	PTSP_CHROMIUM=$(CHROMIUM) PYTHONPATH=. $(BIN)/zope-testrunner --test-path=. -s tests --tests-pattern='^test_' --auto-color -vv $(TEST_ARGS)

.PHONY: i18n
i18n: install ## Rebuild locales/ptsp_portal.pot and sync the id and en catalogues
	cd src/ptsp_portal && ../../$(BIN)/i18ndude rebuild-pot --pot locales/ptsp_portal.pot --create ptsp_portal .
	$(BIN)/python -m scripts.i18n_escape_newlines src/ptsp_portal/locales/ptsp_portal.pot
	cd src/ptsp_portal && for lang in id en; do ../../$(BIN)/i18ndude sync --pot locales/ptsp_portal.pot locales/$$lang/LC_MESSAGES/ptsp_portal.po; done

.PHONY: lock
lock: ## Re-resolve the newest compatible set and rewrite constraints.txt
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet uv
	.venv-lock/bin/uv pip install --python .venv-lock/bin/python -e ".[test,dev]" uv "zc.buildout>=5" plone.recipe.zope2instance
	(echo "# Lock of every distribution installed with ptsp_portal; regenerate with 'make lock'."; \
	 .venv-lock/bin/uv pip freeze --python .venv-lock/bin/python --exclude-editable) > constraints.txt
	rm -rf .venv-lock

.PHONY: clean
clean: ## Remove .venv (instance/ and its data are kept)
	rm -rf $(VENV)

.PHONY: buildout-versions
buildout-versions: ## Generate versions.cfg (buildout's pins) from constraints.txt
	$(PYTHON) scripts/buildout_versions.py constraints.txt versions.cfg

.PHONY: check-buildout
check-buildout: buildout-versions ## Build buildout.cfg in a temp dir from PyPI, serve a site, expect HTTP 200 (6+ min)
	PYTHON=$(PYTHON) scripts/check_buildout.sh

# pdf.js renders the officer's PDF previews (issue 19 §1): npm installs it with
# the tests' packages ($(NODE_STAMP)); its two modules are copied into the
# package's static resources (++plone++ptsp_portal/pdfjs/, git-ignored) so
# the portal serves them itself.
PDFJS_STATIC := src/ptsp_portal/browser/static/pdfjs
$(PDFJS_STATIC)/pdf.min.mjs: $(NODE_STAMP)
	mkdir -p $(PDFJS_STATIC)
	cp node_modules/pdfjs-dist/build/pdf.min.mjs node_modules/pdfjs-dist/build/pdf.worker.min.mjs node_modules/pdfjs-dist/LICENSE $(PDFJS_STATIC)/

.PHONY: pdfjs
pdfjs: $(PDFJS_STATIC)/pdf.min.mjs ## npm ci and copy pdf.js into the static resources

install: pdfjs
# make start serves the previews too (it builds the instance, not `install`)
site: pdfjs
