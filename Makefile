# Learning Hub: the two commands a new user needs are `make site` and `make test`.
# Each installs what it needs on a fresh Debian machine (as root), so CI runs them as they are.

SWIFT      ?= swift
HUB        := .build/debug/learning-hub
FRESH_SITE := .build/site-fresh
PYTHON     ?= python3
# The collector's test records, written by `swift test` for the response form's reader to be checked
# against in the browser (Tests/site/test_reopen.py).
REOPEN_CORPUS := $(CURDIR)/.build/reopen-corpus

.PHONY: site test deps tool swift-test site-check fresh-site clean bench bench-search build-faults collect-faults soak soak-build soak-collect

## make site: build the tool and the sample hub into Public/
site: tool
	$(HUB) build
	@echo ""
	@echo "The hub is in Public/. To look at it, serve it and open the address shown:"
	@echo "    $(PYTHON) -m http.server --directory Public 8000   # then open http://127.0.0.1:8000/"

## make test: unit tests, fault injection, then checks on the sample hub as built (markup, links, accessibility)
test: swift-test collect-faults build-faults site-check

# libcmark is the one system library the tool links; install it if it is missing. pdftotext
# (poppler-utils) and pandoc are the converters 'learning-hub import' runs (docs/import.md).
deps:
	@if ! pkg-config --exists libcmark 2>/dev/null; then \
		echo "Installing libcmark-dev and pkg-config (needs root)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libcmark-dev pkg-config >/dev/null; \
	fi
	@# Foundation's XMLParser (the .xlsx reader) loads libxml2 at run time.
	@if ! ldconfig -p 2>/dev/null | grep -q 'libxml2\.so\.2'; then \
		echo "Installing libxml2 (needs root)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2 >/dev/null; \
	fi
	@if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pandoc >/dev/null 2>&1; then \
		echo "Installing pandoc and poppler-utils for 'learning-hub import' (needs root)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pandoc poppler-utils >/dev/null; \
	fi

tool: deps
	$(SWIFT) build --product learning-hub

# The import's tests print their PDF fixtures with the same headless Chromium the site checks use;
# the .xlsx tests make their workbooks with Python's openpyxl and xlsxwriter. install-deps.sh installs both.
swift-test: deps
	bash Tests/site/install-deps.sh
	REOPEN_CORPUS=$(REOPEN_CORPUS) $(SWIFT) test

# Fault injection on `build` and `serve` (Tests/fault/test_build_faults.py, test_serve_faults.py):
# builds killed at random moments or failing part-way leave Public/ as it was; serve out of
# descriptors keeps listening. A few cases here; `make soak` keeps killing builds for longer.
BUILD_FAULT_SECONDS ?= 120

build-faults: tool
	HUB=$(HUB) $(PYTHON) -m pytest Tests/fault/test_build_faults.py Tests/fault/test_serve_faults.py -q

soak-build: tool
	BUILD_FAULT_SECONDS=$(BUILD_FAULT_SECONDS) HUB=$(HUB) $(PYTHON) -m pytest Tests/fault/test_build_faults.py Tests/fault/test_serve_faults.py -q -s

# Fault injection for collect, short: runs killed at random moments then run again, two at once
# (Tests/fault/test_collect_faults.py; about 20 s).
collect-faults: tool
	HUB=$(HUB) COLLECT_FAULT_TRIALS=8 $(PYTHON) Tests/fault/test_collect_faults.py

SOAK_SECONDS ?= 600

soak-collect: tool
	HUB=$(HUB) COLLECT_SOAK_SECONDS=$(SOAK_SECONDS) $(PYTHON) Tests/fault/test_collect_faults.py

## make soak: the fault injection, longer and bounded in time (killed builds for BUILD_FAULT_SECONDS,
## killed and concurrent collects for SOAK_SECONDS, default 600 s). Not part of make test.
soak: soak-build soak-collect

# Builds the sample hub afresh, away from Public/, so it can be compared with what is committed.
fresh-site: tool
	rm -rf $(FRESH_SITE)
	$(HUB) build --output $(FRESH_SITE)

site-check: fresh-site
	@echo "Checking that the committed Public/ is what the sources build"
	@diff -r Public $(FRESH_SITE) >/dev/null || { diff -r Public $(FRESH_SITE) | head -20; \
		echo "Public/ is out of date: run 'make site' and commit Public/"; exit 1; }
	bash Tests/site/install-deps.sh
	SITE_DIR=$(FRESH_SITE) HUB=$(HUB) REOPEN_CORPUS=$(REOPEN_CORPUS) $(PYTHON) -m pytest Tests/site -q

## make bench-search: search on a 4,000-briefing hub in headless Chromium: the bytes a first query
## downloads (at most 300 KB) and the time a query takes (under 50 ms). See docs/search.md.
bench-search: tool
	bash Tests/site/install-deps.sh
	$(PYTHON) bench/search_bench.py --tool $(HUB)

## make bench: speed and memory against Hugo, the collector, growth with size, rebuilds; writes
## bench/results.md in about 10 minutes (see bench/README.md). Not part of make test.
BENCH_TOOL := .build-release/release/learning-hub

bench: deps
	@for pkg in hugo:hugo hyperfine:hyperfine time:/usr/bin/time; do \
		command -v $${pkg#*:} >/dev/null 2>&1 || { echo "Installing $${pkg%%:*} (needs root)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $${pkg%%:*} >/dev/null; }; \
	done
	@# perf is only for the profile at the end, which says so and is skipped without it.
	@command -v perf >/dev/null 2>&1 || { echo "Installing linux-perf (needs root)"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-perf; } >/dev/null 2>&1 || echo "linux-perf not installed: make bench will skip its profile"; }
	$(SWIFT) build -c release --product learning-hub --scratch-path .build-release
	$(PYTHON) bench/run_bench.py --tool $(BENCH_TOOL)
	$(PYTHON) bench/profile.py --tool $(BENCH_TOOL)
	bash Tests/site/install-deps.sh
	-$(PYTHON) bench/search_bench.py --tool $(BENCH_TOOL) --json bench/.corpus/search.json
	$(PYTHON) bench/pagefind_bench.py --site .build/search-bench/site4000 --ours bench/.corpus/search.json

clean:
	rm -rf .build $(FRESH_SITE)
