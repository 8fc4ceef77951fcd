#!/usr/bin/env bash
# `make serve`: ClaimDesk in production mode on one machine: gunicorn (web) plus a Celery
# worker (background jobs), against PostgreSQL and Redis. Without DATABASE_URL or
# CELERY_BROKER_URL it uses scripts/ensure-postgres.sh and scripts/ensure-redis.sh (a server
# on loopback, installed and started when missing). Without SECRET_KEY it keeps one in
# var/secret_key. Without CACHE_URL the login and objection counts go to database 1 of the
# local Redis. Put a TLS proxy in front for real use (TRUSTED_PROXIES=its address,
# SECURE_SSL_REDIRECT=1); on plain http it only listens on loopback by default.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bin="$root/.venv/bin"
: "${HOST:=127.0.0.1}" "${PORT:=8000}" "${WEB_WORKERS:=3}" "${WORKER_CONCURRENCY:=2}"

if [ -z "${DATABASE_URL:-}" ]; then
    DATABASE_URL="$(scripts/ensure-postgres.sh)"
    server="${DATABASE_URL%/*}" name="${DATABASE_URL##*/}"
    if [ -z "$(psql "$server/postgres" -tAc "select 1 from pg_database where datname='$name'")" ]; then
        psql "$server/postgres" -qc "create database $name" >&2
    fi
fi
: "${CELERY_BROKER_URL:=$(scripts/ensure-redis.sh)}"
: "${CACHE_URL:=$(scripts/ensure-redis.sh | sed 's|/0$|/1|')}"
if [ -z "${SECRET_KEY:-}" ]; then
    mkdir -p var
    [ -s var/secret_key ] || (umask 077; "$bin/python" -c \
        'import secrets; print(secrets.token_urlsafe(60))' > var/secret_key)
    SECRET_KEY="$(cat var/secret_key)"
fi
export DATABASE_URL CELERY_BROKER_URL CACHE_URL SECRET_KEY CLAIMDESK_PRODUCTION=1
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-$HOST,localhost,127.0.0.1}"
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-0}"

"$bin/python" manage.py migrate -v0
"$bin/python" manage.py collectstatic --noinput -v0
"$bin/celery" -A claimdesk worker --concurrency "$WORKER_CONCURRENCY" --loglevel INFO &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT
echo "ClaimDesk: http://$HOST:$PORT/ (gunicorn x$WEB_WORKERS, Celery worker x$WORKER_CONCURRENCY)" >&2
"$bin/gunicorn" claimdesk.wsgi --bind "$HOST:$PORT" --workers "$WEB_WORKERS" \
    --access-logfile - --graceful-timeout 30
