# Microcred. `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export MICROCRED_DATA_DIR ?= $(CURDIR)/var

.DEFAULT_GOAL := help
.PHONY: help install run demo test test-fast lint format typecheck imports migrations-check deploy-check ci bench browsers node-deps ob2-validator clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml requirements/constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Microcred needs Python 3.11 or newer; set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[dev]"
	@touch $@

install: $(BIN)/.installed ## Create .venv and install Microcred with its pinned dependencies

run: install ## Install, migrate, load the demo data (first start) and serve on http://127.0.0.1:8000
	MICROCRED_DEBUG=1 MICROCRED_PUBLIC_URL=$${MICROCRED_PUBLIC_URL:-http://$(HOST):$(PORT)} $(BIN)/microcred run --host $(HOST) --port $(PORT)

demo: install ## Load (or refresh) the demo institutions and people
	MICROCRED_DEBUG=1 $(BIN)/microcred migrate --noinput
	MICROCRED_DEBUG=1 $(BIN)/microcred demo

browsers: ## Install Debian's Chromium for the browser tests (needs root or sudo)
	@sh scripts/install-chromium.sh

node-deps: ## Install the JavaScript verifier used by the interoperability tests (from its lock file)
	@if [ -f tests/interop/js/package-lock.json ]; then sh scripts/install-node-deps.sh; fi

ob2-validator: ## Install 1EdTech's Open Badges 2.0 validator in its own environment (.venv-ob2)
	@sh scripts/install-ob2-validator.sh

test: install browsers node-deps ob2-validator ## Install everything and run the whole test suite
	$(BIN)/pytest

test-fast: install ## Run the tests without the browser and outside-verifier tests
	$(BIN)/pytest -m "not browser and not interop"

format: install ## Format the code
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

lint: install ## ruff format --check and ruff check
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench

typecheck: install ## mypy (strict on microcred.openbadges)
	MICROCRED_DEBUG=1 $(BIN)/mypy

imports: install ## import-linter contracts
	$(BIN)/lint-imports

migrations-check: install ## Fail if a model change has no migration
	MICROCRED_DEBUG=1 $(BIN)/microcred makemigrations --check --dry-run

deploy-check: install ## Django's deployment checks with production-like settings
	sh scripts/deploy-check.sh

ci: ## What CI runs (.ci/run)
	bash .ci/run

bench: install ## Run the benchmarks in bench/
	$(BIN)/python -m bench

clean: ## Remove the virtual environment and the local data directory
	rm -rf $(VENV) .venv-ob2 var node_modules tests/interop/js/node_modules
