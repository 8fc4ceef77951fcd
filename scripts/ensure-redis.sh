#!/usr/bin/env bash
# Prints a CELERY_BROKER_URL for a Redis server on loopback: the one already answering on
# 127.0.0.1:6379 if there is one, otherwise a private server it installs from Debian's
# packages and starts on 127.0.0.1:6380 (data under var/redis). Progress goes to stderr,
# the URL to stdout (like scripts/ensure-postgres.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

answers() {  # PING over plain TCP, so no client needs to be installed
    { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
    printf 'PING\r\n' >&3
    local reply=""
    read -r -t 2 reply <&3 || true
    exec 3<&- 3>&-
    [[ "$reply" == +PONG* ]]
}

if answers 6379; then
    echo "redis://127.0.0.1:6379/0"
    exit 0
fi
if ! command -v redis-server >/dev/null; then
    echo "Installing redis-server from Debian's packages" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >&2
fi
data="$root/var/redis"
mkdir -p "$data"
if ! answers 6380; then
    redis-server --bind 127.0.0.1 --port 6380 --dir "$data" --daemonize yes \
        --logfile "$data/redis.log" --pidfile "$data/redis.pid" --save "" --appendonly no >&2
    for _ in $(seq 50); do answers 6380 && break; sleep 0.1; done
    answers 6380 || { echo "redis-server did not start; see $data/redis.log" >&2; exit 1; }
fi
echo "redis://127.0.0.1:6380/0"
