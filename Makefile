# Two commands on a fresh Debian machine (as root): `make site` and `make test`.
# Everything the project needs is installed here when missing; nothing by hand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Debian packages: the browser that prints and tests, TrueType CJK fonts that embed
# as real text in PDFs, and poppler-utils (pdffonts, pdftotext) for the PDF tests.
APT_PACKAGES := chromium fonts-wqy-microhei fonts-arphic-uming poppler-utils

.PHONY: site test test-fast check lint docs reference system clean bench fuzz

# `gongkai build` checks first and writes nothing when the content has errors.
site: $(VENV)/.installed system
	$(BIN)/gongkai build content --output output

check: $(VENV)/.installed
	$(BIN)/gongkai check content

test: $(VENV)/.installed-test system
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# The layers that need neither Chromium nor a PDF (markers `browser` and `pdf`, see pyproject.toml).
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -m "not browser and not pdf"

lint: $(VENV)/.installed-test
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks

docs: $(VENV)/.installed-docs
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# The manual's reference pages (table kinds, GK codes), generated from the layout registry and CODES.
reference: $(VENV)/.installed
	$(BIN)/python -m generator.reference

# `gongkai check` on 10,000 mutated and hostile inputs (fixed seed): counts by exit status, peak memory.
# Fails on any internal error, crash or hang (tests/fuzz/; `make test` runs a few hundred of them).
fuzz: $(VENV)/.installed-test
	$(BIN)/python tests/fuzz/fuzz_runner.py --cases 10000

bench: $(VENV)/.installed system
	$(BIN)/python benchmarks/build_speed.py
	$(BIN)/python benchmarks/pdf_build.py

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

$(VENV)/.installed-docs: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[docs]'
	touch $@

# Install the Debian packages only when one is missing (apt-get update once, first).
system:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "安装系统软件包：$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

clean:
	rm -rf output .gongkai-cache .pytest_cache
