# newsbeam: `make run` and `make test` do all the set-up on a fresh clone.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test prism engines flink-test lint bench bench-quick clean

$(STAMP): setup.py requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "newsbeam needs $(PYTHON) (set PYTHON=...)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	@touch $@

run: $(STAMP)
	$(BIN)/newsbeam run --runner-config runner_configs/direct.yaml --input seeds --output out

# Streaming runs locally on Beam's Prism runner. Beam would download its binary from GitHub
# (unreachable here), so it is built from the Go module proxy at the installed Beam's version.
PRISM := $(BIN)/prism
$(PRISM): $(STAMP)
	@if command -v go >/dev/null; then \
	  version=$$($(BIN)/python -c 'import apache_beam; print(apache_beam.__version__)' 2>/dev/null); \
	  echo "building Beam's Prism runner v$$version for streaming runs"; \
	  GOBIN=$(abspath $(BIN)) go install github.com/apache/beam/sdks/v2/go/cmd/prism@v$$version \
	    || echo "building Prism failed: streaming runs and their tests are unavailable"; \
	else \
	  echo "Go not found: batch runs work; streaming runs need Prism (install Go, then make prism)"; \
	fi

prism: $(PRISM)

# Warehouse engines the read tests use (pandas, polars, chDB, Spark): test-only, ~1.5 GB, once.
ENGINES := $(VENV)/.engines-installed
$(ENGINES): $(STAMP) requirements-engines.txt
	$(BIN)/pip install -q -r requirements-engines.txt \
	  || echo "installing the engine libraries failed: their read tests skip"
	@touch $@

engines: $(ENGINES)

# Debian's chromium for the run report's browser test (playwright drives it; playwright's
# own browser download is never used). Fails soft: without it that test skips.
CHROMIUM := $(VENV)/.chromium-checked
$(CHROMIUM): $(STAMP)
	@command -v chromium >/dev/null || apt-get install -y -q chromium >/dev/null 2>&1 \
	  || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1; } \
	  || echo "installing chromium failed (apt-get install -y chromium as root): the report's browser test skips"
	@touch $@

test: $(STAMP) prism $(ENGINES) $(CHROMIUM)
	$(BIN)/ruff check .
	$(BIN)/pytest -q -m "not flink"
	$(MAKE) --no-print-directory flink-test

# newsbeam on a real Flink cluster, compared with the DirectRunner (needs Java; caches Flink
# in ~/.cache/newsbeam and Beam's Flink job server jar in ~/.apache_beam/cache/jars).
flink-test: $(STAMP)
	$(BIN)/pytest -q -m flink tests/flink

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

bench-quick: $(STAMP)
	$(BIN)/python benchmarks/run_all.py --quick

clean:
	rm -rf out bench-out build dist *.egg-info
