# Privacy Desk. `make demo` runs the app on its embedded demo service; `make test` checks everything.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint format bench faults translations screenshots package clean

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

# The long fault runs behind issue 7's promise (docs/reliability.md): the choice-sync engine
# against a simulated faulty network, then the real app against the real service through the
# fault proxy. `make faults N=500 SEED=7`; a failing sequence prints its replay line.
N ?= 300
faults: $(STAMP)
	PRIVACY_DESK_ENGINE_EXAMPLES=20000 $(VENV)/bin/pytest -q tests/app/flows/test_choice_engine_properties.py
	PRIVACY_DESK_FAULT_SEQUENCES=$(N) PRIVACY_DESK_FAULT_BASE_SEED=$${SEED:-$$(date +%s)} \
	PRIVACY_DESK_FAULT_REPORT=fault-report.json QT_QPA_PLATFORM=offscreen \
	$(VENV)/bin/pytest -q -s tests/e2e/test_real_app_under_faults.py

# Dutch: every string. English: only the plural forms ("1 day left", "2 days left").
translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate $$(find app -name '*.py' | sort) -ts resources/translations/privacy_desk_nl.ts -no-obsolete -locations none
	$(VENV)/bin/pyside6-lupdate $$(find app -name '*.py' | sort) -ts resources/translations/privacy_desk_en.ts -no-obsolete -locations none -pluralonly
	for lang in nl en; do $(VENV)/bin/pyside6-lrelease resources/translations/privacy_desk_$$lang.ts -qm resources/translations/privacy_desk_$$lang.qm; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
screenshots: $(STAMP)
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) tools/screenshots.py --out docs/screenshots
