# Impactinkoop: `make demo` installs everything and serves the demo; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: demo test install assets lint lint-imports licences format messages worker screenshots

demo: install
	DEBUG=1 $(BIN)/impactinkoop demo --port $(PORT) $(DEMO_ARGS)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

install: $(VENV)/.installed

# setup.py fetches the front-end packages of assets.toml while pip builds the package.
$(VENV)/.installed: pyproject.toml setup.py src/impactinkoop/core/assets.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Impactinkoop needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

# The pinned npm packages again (from the cache, else the registry), with the test-only axe-core
# of the browser tests; the install above already places the served ones (decision 0016).
assets: install
	$(BIN)/impactinkoop fetch_assets --test

lint: install lint-imports
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

# The layers between the apps (pyproject.toml, [tool.importlinter]): a wrong import fails here.
lint-imports: install
	$(BIN)/lint-imports

# Every installed package's licence must be compatible with the EUPL-1.2 (decision 0014).
licences: install
	$(BIN)/python scripts/check_licences.py

format: install
	$(BIN)/ruff check --fix src tests benchmarks scripts
	$(BIN)/ruff format src tests benchmarks scripts

# Needs GNU gettext; the compiled catalogues are committed, so users never need it.
messages: install
	cd src/impactinkoop && DEBUG=1 ../../$(BIN)/impactinkoop makemessages -l nl --no-obsolete --no-location
	cd src/impactinkoop && DEBUG=1 ../../$(BIN)/impactinkoop compilemessages -l nl

worker: install
	DEBUG=1 $(BIN)/impactinkoop db_worker

# The user guide's screenshots (docs/user-guide/screenshots/): starts the demo on a free port with
# a temporary SQLite database, photographs the main pages in Dutch in Chromium, stops the demo.
# Needs Chromium (Debian: apt install chromium); not part of `make test`.
screenshots: install
	$(BIN)/python scripts/screenshots.py $(SCREENSHOT_ARGS)
