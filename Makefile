# Two commands on a fresh machine (Python 3.11 and make):
#   make serve   create .venv, install pinned dependencies, build facts.db if the seeds
#                changed, serve the read-only fact site on http://127.0.0.1:8001/
#   make test    the same install, plus Chromium for the browser tests, then the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8001
# The settings of the public site live in diplofacts/site.py (used by facts serve and the ASGI app).

.PHONY: install build serve test lint check bench browser proxy wrk clean
.DEFAULT_GOAL := help

help:
	@echo "make serve   build facts.db if the seeds changed and serve it on http://$(HOST):$(PORT)/"
	@echo "make test    install everything and run the whole test suite"
	@echo "make build   rebuild facts.db from seeds/ if they changed"
	@echo "make check   re-verify facts.db on its own"
	@echo "make bench   run the benchmark (10k and 200k facts)"

$(BIN)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

install: $(BIN)/.installed

build: install
	$(BIN)/facts build --if-changed

serve: build
	$(BIN)/facts serve facts.db -h $(HOST) -p $(PORT)

check: install
	$(BIN)/facts check facts.db

# Debian packages: chromium drives the browser tests (Playwright's own browser download cannot
# work here); nginx is the caching proxy tested in front of the site; wrk loads the site in
# the benchmark.
APT_INSTALL = SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq

browser:
	@command -v chromium >/dev/null || { $(APT_INSTALL) chromium >/dev/null; }

# nginx, for the test of the caching proxy in deploy/nginx.conf (tests/test_proxy.py)
proxy:
	@test -x /usr/sbin/nginx || { $(APT_INSTALL) nginx >/dev/null; }

wrk:
	@command -v wrk >/dev/null || { $(APT_INSTALL) wrk >/dev/null; }

# mypy sees the packages as they are installed: diplofacts, with schema/ and loaders/ linked
# in as diplofacts.schema and diplofacts.loaders (see docs/architecture.md).
TYPECHECK := build/typecheck
lint: install
	$(BIN)/ruff check .
	rm -rf $(TYPECHECK) && mkdir -p $(TYPECHECK)/diplofacts
	ln -s $(CURDIR)/diplofacts/*.py $(TYPECHECK)/diplofacts/
	ln -s $(CURDIR)/schema $(TYPECHECK)/diplofacts/schema
	ln -s $(CURDIR)/loaders $(TYPECHECK)/diplofacts/loaders
	ln -s $(CURDIR)/datasette_diplofacts $(TYPECHECK)/datasette_diplofacts
	cd $(TYPECHECK) && $(CURDIR)/$(BIN)/mypy --config-file $(CURDIR)/pyproject.toml -p diplofacts -p datasette_diplofacts

test: install browser proxy lint
	$(BIN)/python -m pytest

# The edit loop: the suite without the Chromium tests and the slow ones (markers in
# pyproject.toml); `make test` runs everything, as CI does.
.PHONY: test-fast
test-fast: install
	$(BIN)/python -m pytest -m "not browser and not slow"

# The whole suite against the newest Datasette 1.0 alpha, in a venv of its own: the pinned
# requirements, then datasette upgraded to the alpha (0.65.5 stays the pin). Prints what
# breaks and exits with pytest's status; CI runs it after `make test`, allowed to fail
# (docs/datasette-versions.md). DATASETTE1_TIMEOUT bounds the suite, in seconds.
VENV1 ?= .venv-datasette1
DATASETTE1 ?= datasette>=1.0a0,<1.1
DATASETTE1_TIMEOUT ?= 1200
.PHONY: test-datasette-1
test-datasette-1: browser
	test -x $(VENV1)/bin/python || $(PYTHON) -m venv $(VENV1)
	$(VENV1)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@echo "(pip may say diplofacts requires datasette==0.65.5: the pin, overridden here on purpose)"
	$(VENV1)/bin/python -m pip install --quiet --disable-pip-version-check --pre --upgrade "$(DATASETTE1)"
	$(VENV1)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@mkdir -p build && version=$$($(VENV1)/bin/python -c "import datasette.version as v; print(v.__version__)"); \
	echo "Running the suite on Datasette $$version (log: build/test-datasette-1.log)"; \
	timeout --kill-after=30 $(DATASETTE1_TIMEOUT) $(VENV1)/bin/python -m pytest -q -p no:cacheprovider \
		> build/test-datasette-1.log 2>&1; status=$$?; \
	[ $$status = 124 ] && echo "(stopped after $(DATASETTE1_TIMEOUT) s)"; \
	echo "Datasette $$version: $$(grep -E '^[0-9]+ (passed|failed|error)|^=+ .*(passed|failed|error)' build/test-datasette-1.log | tail -1 | tr -d '=' | sed 's/^ *//')"; \
	grep -E '^(FAILED|ERROR) ' build/test-datasette-1.log | sed -E 's/^(FAILED|ERROR) /  /; s/ - .*//'; \
	exit $$status

bench: install wrk
	$(BIN)/python benchmarks/run.py --sizes 10000 200000

# Held-out drafting (issue 26): `facts draft` scored on public reports it was not written
# against, per kind and round (benchmarks/heldout/README.md). Prints figures only.
.PHONY: bench-heldout
bench-heldout: install
	$(BIN)/python -m benchmarks.heldout_bench

# The development set (benchmarks/devset/README.md): the same scoring on texts the drafter's
# author studies while improving it. Not an evaluation: it says nothing about generalisation.
.PHONY: bench-devset
bench-devset: install
	$(BIN)/python -m benchmarks.heldout_bench --set benchmarks/devset

# the site through its caching proxy against the site alone: 16 connections, 60 s each
.PHONY: bench-proxy
bench-proxy: install proxy wrk
	$(BIN)/python benchmarks/proxy_bench.py

# A deploy of the site, as the Dockerfile makes it: in $(DEPLOY), a venv holding the package's
# wheel and its runtime dependencies pinned by requirements.lock, facts.db and its inspect
# file (so the site starts on a read-only file system). Serve it with
#   FACTS_DB=$(DEPLOY)/facts.db $(DEPLOY)/venv/bin/uvicorn diplofacts.asgi:app --workers "$$(nproc)"  (one per core)
# (deploy/diplofacts.service runs that under systemd; deploy/nginx.conf caches in front).
DEPLOY ?= build/deploy
.PHONY: deploy
deploy:
	rm -rf $(DEPLOY)/venv $(DEPLOY)/dist build/lib build/bdist.* && mkdir -p $(DEPLOY)
	$(PYTHON) -m venv $(DEPLOY)/venv
	$(DEPLOY)/venv/bin/python -m pip install --quiet --disable-pip-version-check -c requirements.lock setuptools
	$(DEPLOY)/venv/bin/python -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation \
		-w $(DEPLOY)/dist .
	$(DEPLOY)/venv/bin/python -m pip install --quiet --disable-pip-version-check -c requirements.lock $(DEPLOY)/dist/diplofacts-*.whl
	# copied as a server reads it (loaders/inplace.py): never while an edit build writes into it
	flock --shared .facts.db.readers cp facts.db $(DEPLOY)/facts.db
	$(DEPLOY)/venv/bin/datasette inspect $(DEPLOY)/facts.db --inspect-file $(DEPLOY)/facts.inspect.json
	: > $(DEPLOY)/.facts.db.readers  # the lock the site holds while serving (loaders/inplace.py): made here, not by it

# The generated docs (docs/cli.md, docs/schema.md) and schema/json/, from the code.
.PHONY: docs
docs: install
	$(BIN)/python docs/generate.py

clean:
	rm -rf $(VENV) *.inspect.json tests/artifacts benchmarks/out
