# Konbit: the two commands are `make run` and `make test`; everything they need is
# set up here, on a fresh machine, from pinned versions.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock | cksum | cut -d' ' -f1)
KONBIT_PORT ?= 8000
export KONBIT_PORT

.PHONY: run test install lint bench messages vendor clean

$(STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c 'import sys; assert sys.version_info[:2] == (3, 11), "Konbit needs Python 3.11"'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

run: install
	@KONBIT_ENV=local bin/serve

# The browser suite (konbit/browser) needs Debian's Chromium at /usr/bin/chromium
# (`.ci/run` installs it); without it, the suite is skipped and said so. Under CI=true
# a missing Chromium fails the run.
test: install
	@test -x /usr/bin/chromium || echo "*** /usr/bin/chromium is missing: the browser suite (konbit/browser) is SKIPPED. apt-get install chromium to run it. ***"
	KONBIT_ENV=test $(BIN)/python -m pytest $(PYTEST_ARGS)
	@test -x /usr/bin/chromium || echo "*** The browser suite was SKIPPED: no /usr/bin/chromium. ***"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy konbit
	$(BIN)/lint-imports --no-cache
	KONBIT_ENV=test $(BIN)/python manage.py makemigrations --check --dry-run
	KONBIT_ENV=production KONBIT_ALLOWED_HOSTS=konbit.example.org \
	  KONBIT_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))') \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Extract the strings to translate, then compile the catalogues (.mo files are
# committed, so running Konbit needs no gettext tools).
messages: install
	cd konbit && ../$(BIN)/python ../manage.py makemessages -l fr -l es -l ht --no-obsolete \
	  --ignore 'tests/*' --ignore '*/tests/*'
	cd konbit && ../$(BIN)/python ../manage.py compilemessages

vendor:
	bin/vendor

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
