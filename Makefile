# Two commands on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8001
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
DB := ai_energy.db

.PHONY: serve test test-datasette-1 build check venv venv-dev clean screenshots release deploy-local

# Two environments in one virtualenv: what builds and serves (requirements.txt), and the tests' tools on top
# (requirements-dev.txt), so that `make serve` installs no test tool. uv (from PyPI, into the virtualenv) installs the
# same pinned requirements as pip does, in 27 s against 36 s for both files on 2 cores; PIP=pip uses pip instead. Both
# compile the bytecode at install, as pip does by default: where PYTHONDONTWRITEBYTECODE is set (this CI's machines)
# nothing else would, and every process the tests start would compile pandas, numpy and Datasette again.
PIP ?= uv
UV_VERSION := 0.13.9
ifeq ($(PIP),uv)
INSTALL = $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python
else
INSTALL = $(BIN)/pip install --quiet --disable-pip-version-check
endif

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(if $(filter uv,$(PIP)),$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION))
	$(INSTALL) -r requirements.txt
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.txt
	$(INSTALL) -r requirements-dev.txt
	touch $@

venv: $(BIN)/.installed

venv-dev: $(BIN)/.installed-dev

build: venv
	$(BIN)/python build.py

check: venv
	$(BIN)/python build.py --check

serve: build
	$(BIN)/python serve.py --port $(PORT) --workers $(WORKERS)

# One pytest worker per core (pytest-xdist): each builds its own session database in its own temporary folder and
# starts its servers on free ports; --durations lists where the time went.
test: venv-dev
	$(BIN)/python -m pytest -q -n auto --durations=20

# The same suite on Datasette 1.0 (its latest alpha on PyPI), in a virtualenv of its own: the code uses public APIs
# that both versions have, or tells them apart; what 1.0 still breaks is listed in README.md ("Datasette 1.0").
VENV_1 := .venv-datasette-1
test-datasette-1:
	$(PYTHON) -m venv $(VENV_1)
	$(VENV_1)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV_1)/bin/uv pip install --quiet --compile-bytecode --python $(VENV_1)/bin/python -r requirements-dev.txt
	$(VENV_1)/bin/uv pip install --quiet --compile-bytecode --python $(VENV_1)/bin/python --prerelease allow "datasette>=1.0a0"
	$(VENV_1)/bin/python -m pytest -q -n auto

# README's chart screenshots, docs/fig8.png and docs/fig9.png, redrawn in Debian's chromium from the built database.
screenshots: build venv-dev
	$(BIN)/python -m tests.browser --db $(DB) --out docs

# Versioned release files, dist/<version>/ (release.py): the database, every relation as CSV and Parquet, the Data
# Package, README and SHA256SUMS; then checked as a user would: the checksums, and `frictionless validate`.
VERSION = $(shell $(PYTHON) -c 'import json; print(json.load(open("datapackage.json"))["version"])')
release: build
	$(BIN)/python release.py --db $(DB) --out dist
	cd dist/$(VERSION) && sha256sum --check --quiet SHA256SUMS
	$(BIN)/frictionless validate dist/$(VERSION)/datapackage.json > dist/validate-$(VERSION).log \
		|| { cat dist/validate-$(VERSION).log; exit 1; }
	@echo "dist/$(VERSION)/: checksums and Data Package valid"

# The serving stack on loopback: REPLICAS serve.py processes behind nginx (deploy/nginx.conf), until Ctrl-C.
REPLICAS ?= 2
deploy-local: build
	$(BIN)/python deploy/run_local.py --port $(PORT) --replicas $(REPLICAS) --db $(DB)

clean:
	rm -rf $(VENV) $(VENV_1) $(DB) $(basename $(DB)).metadata.yml .pytest_cache
