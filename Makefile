# Privacy Desk. `make demo` runs the app on its embedded demo service; `make test` checks everything.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint format bench translations screenshots package clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[server,dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m app --demo

lint: $(STAMP)
	$(VENV)/bin/ruff check app server tests benchmarks tools
	$(VENV)/bin/ruff format --check app server tests benchmarks tools
	$(VENV)/bin/mypy

test: lint
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q

format: $(STAMP)
	$(VENV)/bin/ruff format app server tests benchmarks tools
	$(VENV)/bin/ruff check --fix app server tests benchmarks tools

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q benchmarks

# Dutch: every string. English: only the plural forms ("1 day left", "2 days left").
translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate $$(find app -name '*.py' | sort) -ts resources/translations/privacy_desk_nl.ts -no-obsolete -locations none
	$(VENV)/bin/pyside6-lupdate $$(find app -name '*.py' | sort) -ts resources/translations/privacy_desk_en.ts -no-obsolete -locations none -pluralonly
	for lang in nl en; do $(VENV)/bin/pyside6-lrelease resources/translations/privacy_desk_$$lang.ts -qm resources/translations/privacy_desk_$$lang.qm; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
screenshots: $(STAMP)
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) tools/screenshots.py --out docs/screenshots
