# Two commands on a fresh Debian machine (as root): `make site` and `make test`.
# Everything the project needs is installed here when missing; nothing by hand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Debian packages: the browser that prints and tests, TrueType CJK fonts that embed
# as real text in PDFs, and poppler-utils (pdffonts, pdftotext) for the PDF tests.
APT_PACKAGES := chromium fonts-wqy-microhei fonts-arphic-uming poppler-utils
# The PDFs' bold face (generator/pdf/fonts.py): Noto Sans CJK SC Bold converted once to TrueType
# outlines, kept in the venv; its source comes from Debian's fonts-noto-cjk, used if installed and
# otherwise downloaded with apt-get and unpacked in a temporary folder (the system's fonts unchanged).
FONT_DIR := $(VENV)/share/gongkai/fonts
BOLD_FONT := $(FONT_DIR)/GongkaiHei-Bold.ttf
NOTO_BOLD := /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc

.PHONY: site test test-fast check lint typecheck docs reference system fonts clean bench fuzz screenshots

# `gongkai build` checks first and writes nothing when the content has errors.
site: $(VENV)/.installed system fonts
	$(BIN)/gongkai build content --output output

check: $(VENV)/.installed
	$(BIN)/gongkai check content

test: $(VENV)/.installed-test system fonts
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks
	$(MAKE) --no-print-directory typecheck
	$(BIN)/python -m pytest -q

# Quick feedback while editing: the layers that need neither Chromium nor a PDF nor a wheel nor the manual's
# mkdocs build, nor repeated whole-site builds (markers `browser`, `pdf`, `package`, `docs`, `slow`, see
# pyproject.toml), on both cores (pytest-xdist).
# `make test` runs them all, in one process.
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -n 2 -m "not browser and not pdf and not package and not docs and not slow"

# Golden output (tests/golden/minimal): rebuild it after an intended change of the pages or downloads,
# then review `git diff tests/golden` before committing it.
golden: $(VENV)/.installed
	$(BIN)/python tests/test_golden.py

# The wheel, into dist/ (offline: this environment's setuptools); tests/test_package.py installs one in a fresh venv.
wheel: $(VENV)/.installed-test
	$(BIN)/python -m pip wheel --no-deps --no-build-isolation -w dist .

# generator/ strictly (pyproject.toml); the tests, benchmarks and scripts with every body checked, but
# pytest fixtures and test functions need no annotations (their types come from the fixtures).
MYPY_SCRIPTS := --allow-untyped-defs --allow-incomplete-defs --allow-untyped-calls --allow-any-generics --check-untyped-defs --no-warn-return-any
typecheck: $(VENV)/.installed-test
	$(BIN)/mypy
	$(BIN)/mypy $(MYPY_SCRIPTS) tests benchmarks scripts

lint: $(VENV)/.installed-test
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks

docs: $(VENV)/.installed-docs
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# The manual's screenshots (docs/images/*.png): the example site at 375 px and 1280 px, a wide table scrolled.
screenshots: $(VENV)/.installed system
	$(BIN)/python scripts/screenshots.py

# The manual's reference pages (table kinds, GK codes), generated from the layout registry and CODES.
reference: $(VENV)/.installed
	$(BIN)/python -m generator.reference

# `gongkai check` on 10,000 mutated and hostile inputs (fixed seed): counts by exit status, peak memory.
# Fails on any internal error, crash or hang (tests/fuzz/; `make test` runs a few hundred of them).
fuzz: $(VENV)/.installed-test
	$(BIN)/python tests/fuzz/fuzz_runner.py --cases 10000

# Province scale against mkdocs-material on the same pages (100 and 1,000 disclosures, ~15 min), then the PDFs.
bench: $(VENV)/.installed-test system fonts
	$(BIN)/python benchmarks/site_scale.py
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

# Made once (about 30 s), again only when fonts.py changes or the venv is new.
fonts: $(BOLD_FONT)

$(BOLD_FONT): generator/pdf/fonts.py | $(VENV)/.installed
	@src="$(NOTO_BOLD)"; tmp=""; \
	if [ ! -f "$$src" ]; then \
	  tmp=$$(mktemp -d); echo "下载 fonts-noto-cjk（只取其中的粗体，不安装）……"; \
	  ( cd "$$tmp" && { apt-get download -qq fonts-noto-cjk 2>/dev/null || { apt-get update -qq && apt-get download -qq fonts-noto-cjk; }; } ) \
	    && dpkg-deb -x "$$tmp"/fonts-noto-cjk_*.deb "$$tmp/root" || { rm -rf "$$tmp"; exit 1; }; \
	  src="$$tmp/root$(NOTO_BOLD)"; \
	fi; \
	$(BIN)/python -m generator.pdf.fonts --source "$$src" --output $@; status=$$?; \
	if [ -n "$$tmp" ]; then rm -rf "$$tmp"; fi; exit $$status

clean:
	rm -rf output .gongkai-cache .pytest_cache build dist
