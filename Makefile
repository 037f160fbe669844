# The two commands of the README, and a few more. Needs Python 3.11, 3.12 or 3.13 on the machine
# (PYTHON=python3.13 to pick one; VENV=.venv-3.13 to keep one venv per Python).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The JavaScript clients the tests drive (graphql-ws); needs Node.js and npm.
JS_STAMP := tests/js/node_modules/.installed-stamp
# The web client (client-examples/web): its packages, then its build, which Tandem serves at /app.
WEB := client-examples/web
WEB_STAMP := $(WEB)/node_modules/.installed-stamp
WEB_BUILD := $(WEB)/dist/index.html
WEB_SOURCES := $(wildcard $(WEB)/src/*.ts $(WEB)/src/*.tsx $(WEB)/src/*.css $(WEB)/src/gql/*.ts) \
	$(WEB)/index.html $(WEB)/vite.config.ts $(WEB)/tsconfig.json
# pytest-xdist workers; each gets its own database.
WORKERS ?= auto

.PHONY: i18n-extract i18n-update run web web-codegen schema docs docs-generate prereqs test test-postgres lint typecheck check bench bench-all bench-fanout bench-fanout-peer \
	bench-import bench-peer bench-table bench-documents clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; assert (3, 11) <= v <= (3, 13), f"Tandem needs Python 3.11, 3.12 or 3.13, not {v[0]}.{v[1]} ($(PYTHON))"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Start Tandem on SQLite + in-memory bus with a demo company, at http://127.0.0.1:8000/graphql
## (and the web client at /app when npm is on the machine: it is built first; without npm, or
## when the build fails, the API is served alone and the line says why)
run: $(STAMP)
	@if command -v npm >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory web || echo "web client not built (see above): serving the API only"; \
	else \
	  echo "npm not found: serving the API only (install Node.js and npm, then make web, for /app)"; \
	fi
	$(BIN)/tandem demo

## The web client: npm ci, then typecheck (tsc) and vite build into client-examples/web/dist
web: $(WEB_BUILD)

$(WEB_STAMP): $(WEB)/package.json $(WEB)/package-lock.json
	npm ci --prefix $(WEB) --no-audit --no-fund --loglevel=error
	touch $(WEB_STAMP)

$(WEB_BUILD): $(WEB_STAMP) $(WEB_SOURCES)
	npm run --prefix $(WEB) build

## The web client's typed operations (src/gql/) again from docs/schema.graphql
web-codegen: $(WEB_STAMP)
	npm run --prefix $(WEB) codegen

## Run the test suite on the backend named by TANDEM_TEST_DATABASE_URL / _BROADCAST_URL
## (default: SQLite + memory://)
$(JS_STAMP): tests/js/package.json tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund --loglevel=error
	touch $(JS_STAMP)

## What the suite needs besides Python (Node/npm, redis-server, PostgreSQL binaries): one line
prereqs:
	@scripts/check-prereqs

test: prereqs $(STAMP) $(JS_STAMP) $(WEB_BUILD)
	$(BIN)/python -m pytest -n $(WORKERS) -q

## The same suite on the machine's PostgreSQL + Redis
test-postgres: prereqs $(STAMP) $(JS_STAMP) $(WEB_BUILD)
	TANDEM_TEST_DATABASE_URL=$${TANDEM_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
	TANDEM_TEST_BROADCAST_URL=$${TANDEM_TEST_BROADCAST_URL:-redis://127.0.0.1:6379/0} \
	$(BIN)/python -m pytest -n $(WORKERS) -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy .

check: lint typecheck test

## Benchmark: 500 invoices rendered to PDF over HTTP, SQLite: ms per document and peak memory
## (benchmarks/results/documents.md; see benchmarks/README.md)
bench-documents: $(STAMP)
	$(BIN)/python -m benchmarks.run documents

## Benchmark: permission overhead on a 200-row deal list, SQLite (see benchmarks/README.md)
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run permission-overhead

## Benchmark: websocket fan-out to 1,000 and 5,000 pipelineEvents subscribers, SQLite + memory
## bus (add ARGS="--database-url postgres://... --broadcast-url redis://..." for the scaled-out stack)
bench-fanout: $(STAMP)
	$(BIN)/python -m benchmarks.run fanout $(ARGS)

## Benchmark: websocket fan-out on PostgreSQL + Redis, then PostGraphile v5 on the same database:
## results/fanout.md and the fan-out rows of the side-by-side table (benchmarks/README.md)
bench-fanout-peer: $(STAMP)
	benchmarks/peer/install.sh
	$(BIN)/python -m benchmarks.run fanout --peer \
		--database-url $${TANDEM_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/} \
		--broadcast-url $${TANDEM_BENCH_REDIS:-redis://127.0.0.1:6379/0} $(ARGS)

## Benchmark: a 100,000-row contact CSV through `tandem import contacts` on SQLite and PostgreSQL:
## seconds and peak memory, written to benchmarks/results/import.md and the table's rows 7
bench-import: $(STAMP)
	$(BIN)/python -m benchmarks.run import
	$(BIN)/python -m benchmarks.run import --database-url $${TANDEM_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/}

## Benchmark: Tandem side by side with PostGraphile v5 on PostgreSQL, scenarios 1-4 and 6 of the
## table (installs the peer with npm; the database tandem_bench_smb is loaded once by
## `tandem bench-data` and kept); ARGS="--size mid"
bench-peer: $(STAMP)
	benchmarks/peer/install.sh
	$(BIN)/python -m benchmarks.run compare $(ARGS)

## Benchmark: every scenario of issue 8, Tandem vs PostGraphile v5 on PostgreSQL + Redis (compare,
## fan-out, import; about 25 minutes), and the one table in benchmarks/README.md and results/compare.md
bench-all: $(STAMP)
	benchmarks/peer/install.sh
	$(BIN)/python -m benchmarks.run all \
		--postgres $${TANDEM_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/} \
		--redis $${TANDEM_BENCH_REDIS:-redis://127.0.0.1:6379/0} $(ARGS)

## The side-by-side table again from the latest run of each scenario (benchmarks/results/latest/)
bench-table: $(STAMP)
	$(BIN)/python -m benchmarks.run table

# The printed schema, checked in (tests/server/test_schema_snapshot.py compares it), and the
# API reference generated from it.
schema: $(STAMP)
	$(BIN)/python -c 'from schema.schema import build_schema; print(build_schema().as_str())' > docs/schema.graphql
	$(BIN)/python -m docs_gen
	@# The web client's typed operations follow the schema too (its packages: make web-codegen).
	@if [ -d $(WEB)/node_modules ]; then npm run --prefix $(WEB) --silent codegen; \
	else echo "web client packages not installed: run make web-codegen"; fi

## Rewrite the generated pages of docs/ (role guides, API reference, errors, settings) from the
## code; tests/docs/ fails while a checked-in page differs
docs-generate: $(STAMP)
	$(BIN)/python -m docs_gen

## Build the documentation site into site/ (MkDocs Material, strict: a warning fails; not
## --quiet, which would hide the warnings strict mode counts), after checking the generated
## pages are current. NO_MKDOCS_2_WARNING quiets Material's banner about
## MkDocs 2, which the version bounds in pyproject.toml already keep out.
docs: $(STAMP)
	$(BIN)/python -m docs_gen --check
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

## The translatable texts of the source into locale/tandem.pot (Babel's extractor)
i18n-extract: $(STAMP)
	$(BIN)/python -m models.i18n.extraction extract

## ... and merged into locale/{es,fr}/LC_MESSAGES/tandem.po: fill the empty and fuzzy entries
## (the .po files are read as they are; there is no .mo to compile)
i18n-update: $(STAMP)
	$(BIN)/python -m models.i18n.extraction update

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache tandem.sqlite3 benchmarks/.data $(WEB)/dist .artefacts
