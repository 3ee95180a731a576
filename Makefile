# One task runner for developers and CI. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV := uv run --frozen
PYTEST := $(UV) pytest -p no:cacheprovider
FRONTEND := services/portal/frontend

.PHONY: help install portal-assets catalogs messages up down status logs test test-unit test-integration test-e2e lint sizes schemas \
        chaos bench-ingest bench-transcode bench-scheduling bench-planner bench-portal bench-workspace bench-erasure bench-review demo

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

install: ## install toolchain, servers and Python packages (idempotent, cached)
	@infra/install.sh
	@uv sync --frozen --quiet
	@$(MAKE) --no-print-directory portal-assets catalogs

# Every catalog's project: <dir>/src/<package>/locale (docs/languages.md); spincore holds the
# sentences of every service's malformed-request 422s.
CATALOG_DIRS := services/portal services/planner services/ingest services/transcode libs/spincore
# The planner's and ingest's refusals: the English templates given to their refusal classes.
REFUSALS := -k N_ -k NotFound -k Forbidden -k Conflict -k ImpossibleTimeline -k InvalidInput \
  -k VersionRequired -k StaleVersion -k RefusalError:2 -k FinalRefusalError:2

catalogs: ## compile every service's translations (.po -> .mo)
	@for dir in $(CATALOG_DIRS); do \
	  $(UV) pybabel -q compile --domain messages --directory $$dir/src/*/locale || exit 1; \
	done

messages: ## extract each service's texts into its messages.pot and update every language's catalog (no creation date: no churn)
	@for dir in $(CATALOG_DIRS); do \
	  (cd $$dir && locale=$$(echo src/*/locale) && $(UV) pybabel -q extract -F babel.cfg $(REFUSALS) -k Nn_:1,2 -k tr -k trn:1,2 \
	    --no-location --omit-header -o $$locale/messages.pot . && \
	  $(UV) pybabel -q update --domain messages --input-file $$locale/messages.pot \
	    --output-dir $$locale --no-fuzzy-matching --ignore-obsolete --width 100 && \
	  sed -i '/^"POT-Creation-Date: /d' $$locale/*/LC_MESSAGES/messages.po) || exit 1; \
	done

# npm ci only when the lock changed (or node_modules is gone); the copy skips unchanged files.
portal-assets: $(FRONTEND)/node_modules/.ci-done ## the portal's browser packages (npm, pinned) into its static/vendor
	@node $(FRONTEND)/copy-vendor.mjs

$(FRONTEND)/node_modules/.ci-done: $(FRONTEND)/package-lock.json $(FRONTEND)/package.json
	@command -v npm >/dev/null 2>&1 || { echo "install Node.js 20 with npm to build the portal's browser assets" >&2; exit 1; }
	@npm ci --prefix $(FRONTEND) --no-audit --no-fund --loglevel=error
	@touch $@

up: install ## start Kafka, MinIO, PostgreSQL and the four services; wait until ready
	@infra/up.sh

down: ## stop exactly what `make up` started (data is kept)
	@infra/down.sh

status: ## show what runs, with pids and readiness
	@infra/status.sh

logs: ## follow logs (NAME=ingest for one process)
	@infra/logs.sh $(NAME)

test: up ## run every test tier against the real servers and the running stack
	$(PYTEST) -m "not chaos" tests/unit tests/integration tests/e2e

test-unit: ## fast tests, no I/O
	$(PYTEST) tests/unit

test-integration: install ## adapters against the real servers
	$(PYTEST) -m "not chaos" tests/integration

test-e2e: up ## flows through the running stack
	$(PYTEST) tests/e2e

lint: ## ruff and mypy, as CI runs them
	$(UV) ruff check .
	$(UV) ruff format --check .
	$(UV) mypy libs services tools clients tests bench
	$(UV) python tools/sizes.py

sizes: ## files over 300 lines and functions over 50 (bench and migrations aside)
	$(UV) python tools/sizes.py

schemas: ## export the event JSON Schemas to docs/schemas
	$(UV) spin-events export-schemas docs/schemas

chaos: up ## fault tests (a cluster of their own; a CI-sized rolling restart), then seeded fault and rolling-restart runs (SEED=)
	$(PYTEST) -m chaos tests/integration/infra
	$(UV) python -m bench.chaos $(if $(SEED),--seed $(SEED))
	$(UV) python -m bench.chaos --rolling $(if $(SEED),--seed $(SEED))

bench-ingest: up ## ingest throughput and memory against a direct MinIO put
	$(UV) python -m bench.ingest

bench-transcode: up ## pipeline time against the bare ffmpeg CLI
	$(UV) python -m bench.transcode

bench-scheduling: up ## short footage behind a long one on two workers; makespan against ffmpeg
	$(UV) python -m bench.scheduling

bench-planner: up ## planner latency under load and outbox relay throughput
	$(UV) python -m bench.planner

bench-portal: up ## projection throughput, rebuild time, page latency at scale
	$(UV) python -m bench.portal

bench-workspace: up ## workspace pages with 50 practitioners at once; last byte to playable
	$(UV) python -m bench.workspace

bench-review: up ## "Make clips" to a playable reel of five 20 s clips against the bare ffmpeg CLI
	$(UV) python -m bench.review

bench-erasure: up ## erasing 1,000 footage items against bare remove_objects; stopping a transcode
	$(UV) python -m bench.erasure

demo: up ## seed a realistic dataset through the planner and ingest APIs; prints logins
	@source infra/env.sh && $(UV) python -m spin_demo \
	  --planner-url http://127.0.0.1:$$PLANNER_PORT --ingest-url http://127.0.0.1:$$INGEST_PORT \
	  --portal-url http://127.0.0.1:$$PORTAL_PORT
