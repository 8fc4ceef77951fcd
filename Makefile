# ClaimDesk: `make demo` serves the demo county, `make test` runs the suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: demo test test-postgres setup system-deps messages migrate serve clean

setup: system-deps $(STAMP) messages

system-deps:
	@scripts/system-deps.sh

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	touch $@

messages: $(STAMP)
	@$(MANAGE) compilemessages --ignore=.venv --ignore=var -v0

migrate: setup
	$(MANAGE) migrate -v0

demo: migrate
	$(MANAGE) seed_demo --if-empty
	@$(MANAGE) demo_logins --url http://$(HOST):$(PORT)/
	$(MANAGE) runserver $(HOST):$(PORT) --noreload --insecure

# Production mode on this machine: gunicorn + a Celery worker, PostgreSQL + Redis.
serve: setup
	HOST=$(HOST) PORT=$(PORT) scripts/serve.sh

test: setup
	$(BIN)/pytest

test-postgres: setup
	@test -n "$$DATABASE_URL" || (echo "DATABASE_URL is not set" >&2; exit 2)
	$(BIN)/pytest

clean:
	rm -rf $(VENV) var
