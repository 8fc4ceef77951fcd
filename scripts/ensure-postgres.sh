#!/usr/bin/env bash
# Prints a DATABASE_URL for a PostgreSQL server on loopback: the one already listening on
# 127.0.0.1:5432 (trust auth) if there is one, otherwise a private cluster it installs and
# starts on port 5433 (under var/postgres, or /var/lib/claimdesk-postgres when run as root,
# since the server must run as the postgres user). Progress goes to stderr, the URL to stdout.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432 \
        && psql -h 127.0.0.1 -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    echo "postgres://postgres@127.0.0.1:5432/claimdesk"
    exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "Installing PostgreSQL from Debian's packages" >&2
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
fi
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
data="$root/var/postgres"
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    data="/var/lib/claimdesk-postgres"
    as_owner=(runuser -u postgres --)
    mkdir -p "$data" && chown postgres "$data" && chmod 700 "$data"
fi
if [ ! -f "$data/PG_VERSION" ]; then
    "${as_owner[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust >&2
fi
if ! pg_isready -q -h 127.0.0.1 -p 5433 2>/dev/null; then
    "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p 5433 -k /tmp" start >&2
fi
echo "postgres://postgres@127.0.0.1:5433/claimdesk"
