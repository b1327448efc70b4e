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
install: $(VENV)/.installed ## Create .venv and install the pinned set (constraints.txt)

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
	PUBLIC_SITE_URL=$${PUBLIC_SITE_URL:-http://$$listen/ptsp} $(BIN)/zconsole run $(INSTANCE)/etc/zope.conf scripts/create_site.py

.PHONY: start
start: site ## Install, render the instance, create the demo site and serve it
	@listen=$$($(BIN)/python -c 'import yaml; print(yaml.safe_load(open("instance.yaml"))["default_context"].get("wsgi_listen", "localhost:8080"))'); \
	user=$$($(BIN)/python -c 'import yaml; print(yaml.safe_load(open("instance.yaml"))["default_context"].get("initial_user_name", "admin"))'); \
	echo ""; \
	echo "  Portal:   http://$$listen/ptsp"; \
	echo "  Log in:   http://$$listen/ptsp/login as '$$user' (password: initial_user_password in instance.yaml)"; \
	echo ""
	$(BIN)/runwsgi $(INSTANCE)/etc/zope.ini

.PHONY: zeo
zeo: instance ## Serve the database for db_storage: zeo (ZEO server, etc/zeo.conf); run before `make start`
	$(BIN)/python -m scripts.instance.zeo serve instance.yaml

.PHONY: check-blobs
check-blobs: instance ## List applications whose documents lost their file (read-only; exit 1 if any)
	$(BIN)/python -m scripts.instance.check_blobs $(INSTANCE)/etc/zope.conf

.PHONY: test-deps
test-deps: ## Install Debian's chromium (browser tests) and poppler-utils (PDF/QR tests) when missing
	@if [ ! -x "$(CHROMIUM)" ] || ! command -v pdftoppm >/dev/null; then \
	  sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	fi
	@"$(CHROMIUM)" --version; pdftoppm -v 2>&1 | head -n 1

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
