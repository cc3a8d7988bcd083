# Doorstep — two commands for a newcomer: `make run` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DB ?= sqlite:///var/doorstep.db
DEMO_CUSTOMERS ?= 20000

.PHONY: run test test-fast lint bench install install-test system-deps fonts demo clean audit lock messages

$(BIN)/python:
	$(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Installs are reproducible: every version is pinned by requirements/*.lock (`make lock`).
install: $(BIN)/python
	$(BIN)/pip install -q -c requirements/run.lock -e .
	$(BIN)/python -m tools.i18n compile

# Extract every message from the code and templates into both catalogues (zh_CN, en); new
# ones arrive untranslated and `make test` fails until they are translated (docs/translation.md).
messages: $(BIN)/python
	$(BIN)/python -m tools.i18n update

install-test: $(BIN)/python
	$(BIN)/pip install -q -c requirements/test.lock -e ".[test]"
	$(BIN)/python -m tools.i18n compile

# Re-resolve the pinned versions from pyproject.toml (uv's resolver, for Python 3.11).
lock: $(BIN)/python
	$(BIN)/pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --no-header -q -o requirements/run.lock
	$(BIN)/uv pip compile pyproject.toml --extra test --extra bench --python-version 3.11 --no-header -q -o requirements/test.lock

# Chromium for browser tests and a CJK font for Chinese PDFs, from Debian's packages.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; fi; \
	fi

# The CJK font that PDF reports and case files embed (best effort: the app runs without it and
# says so when a PDF is asked for). `make run` starts it in the background.
fonts:
	-@fc-list 2>/dev/null | grep -qi "noto.*cjk" || { if [ "$$(id -u)" = "0" ]; then apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq fonts-noto-cjk >/dev/null; }; else sudo -n apt-get install -y -qq fonts-noto-cjk >/dev/null; fi; }

run: install
	@mkdir -p var
	@# The CJK font installs in the background so the first page is not kept waiting for it.
	@($(MAKE) -s fonts >var/fonts.log 2>&1 &)
	DOORSTEP_DATABASE_URL=$(DB) $(BIN)/doorstep db upgrade
	DOORSTEP_DATABASE_URL=$(DB) $(BIN)/doorstep demo load --customers $(DEMO_CUSTOMERS) --seed 7 --as-of $$(date +%F) --if-empty
	DOORSTEP_DATABASE_URL=$(DB) $(BIN)/doorstep screening score-texts
	@echo ""
	@echo "  Doorstep 诉前上门 is starting on http://127.0.0.1:8000"
	@echo "  Log in as manager / analyst / dispatcher / field1 / legal / auditor / trainer / admin"
	@echo "  Password for every demo user: Doorstep!2026"
	@echo ""
	DOORSTEP_DATABASE_URL=$(DB) $(BIN)/doorstep serve --host 127.0.0.1 --port 8000

test: install-test system-deps
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/python -m tools.i18n check
	$(BIN)/pytest -q

test-fast: install-test
	$(BIN)/pytest -q -m "not browser and not slow"

lint: install-test
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/mypy

bench: install-test
	$(BIN)/pip install -q -c requirements/test.lock -e ".[bench]"
	@command -v wrk >/dev/null 2>&1 || { if [ "$$(id -u)" = "0" ]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi; }
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

# Known vulnerabilities in the installed packages (pip-audit over PyPI's JSON API). Fails on a
# finding; when PyPI's vulnerability data cannot be reached nothing is audited, and it says so
# without failing the build.
AUDIT_JSON := $(VENV)/pip-audit.json
audit:
	@rm -f $(AUDIT_JSON); $(BIN)/pip-audit --local --skip-editable --progress-spinner off \
	  --timeout 20 -f json -o $(AUDIT_JSON) >/dev/null 2>$(VENV)/pip-audit.log || true
	@$(BIN)/python -c 'import json, sys; \
	from pathlib import Path; p = Path("$(AUDIT_JSON)"); \
	deps = json.loads(p.read_text())["dependencies"] if p.is_file() else []; \
	done = [d for d in deps if "skip_reason" not in d]; \
	bad = [(d["name"], d["version"], v["id"]) for d in done for v in d.get("vulns", [])]; \
	[print(f"pip-audit: {n} {ver}: {i}") for n, ver, i in bad]; \
	print(f"pip-audit: {len(done)} packages audited, {len(bad)} known vulnerabilities, " \
	      f"{len(deps) - len(done)} skipped") if done else print( \
	  "pip-audit: PyPI vulnerability data not reachable; NOTHING WAS AUDITED " \
	  "(see $(VENV)/pip-audit.log); not failing the build"); \
	sys.exit(1 if bad else 0)'

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
