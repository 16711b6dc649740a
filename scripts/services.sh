#!/usr/bin/env bash
# Makes sure PostgreSQL (>= 15) and Redis (>= 7) answer at DATABASE_URL / REDIS_URL.
#   1. they already answer            → use them
#   2. a Docker engine runs           → docker compose up -d postgres redis, wait until healthy
#   3. Debian/Ubuntu, running as root → apt-get install what is missing, start both
#   4. otherwise                      → one clear message saying what to install
# See docs/decisions/008-bringing-up-services.md.
set -euo pipefail

DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/vouchers}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"

# host and port out of a URL like scheme://user:pass@host:port/db
url_host() { local rest="${1#*://}"; rest="${rest##*@}"; rest="${rest%%/*}"; echo "${rest%%:*}"; }
url_port() { local rest="${1#*://}"; rest="${rest##*@}"; rest="${rest%%/*}"; [[ "$rest" == *:* ]] && echo "${rest##*:}" || echo "$2"; }

PG_HOST=$(url_host "$DATABASE_URL"); PG_PORT=$(url_port "$DATABASE_URL" 5432)
RD_HOST=$(url_host "$REDIS_URL"); RD_PORT=$(url_port "$REDIS_URL" 6379)

log() { printf '[services] %s\n' "$*"; }

pg_up() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2
  else
    (exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null
  fi
}
redis_up() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h "$RD_HOST" -p "$RD_PORT" ping 2>/dev/null)" = "PONG" ]
  else
    # Speak RESP by hand: PING → +PONG
    (exec 3<>"/dev/tcp/$RD_HOST/$RD_PORT" && printf 'PING\r\n' >&3 && IFS= read -r -t 2 line <&3 && [[ "$line" == +PONG* ]]) 2>/dev/null
  fi
}
wait_for() { # name check seconds
  local i
  for ((i = 0; i < $3; i++)); do "$2" && return 0; sleep 1; done
  return 1
}

if pg_up && redis_up; then
  log "PostgreSQL at $PG_HOST:$PG_PORT and Redis at $RD_HOST:$RD_PORT answer"
  exit 0
fi

if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  log "starting PostgreSQL and Redis with docker compose"
  docker compose up -d --wait postgres redis
  wait_for pg pg_up 60 && wait_for redis redis_up 30 || { log "containers did not become healthy"; exit 1; }
  log "PostgreSQL and Redis are up (docker compose)"
  exit 0
fi

local_host() { [[ "$1" == 127.* || "$1" == localhost || "$1" == ::1 ]]; }

if [ -r /etc/debian_version ] && [ "$(id -u)" = 0 ] && local_host "$PG_HOST" && local_host "$RD_HOST"; then
  export DEBIAN_FRONTEND=noninteractive
  if ! pg_up; then
    if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
      log "installing PostgreSQL from apt"
      apt-get update -qq
      apt-get install -y -qq postgresql postgresql-contrib >/dev/null
      # A fresh cluster asks for passwords on TCP; this local development database trusts loopback
      # connections of the postgres user so DATABASE_URL needs no secret (never do this on a server).
      ver=$(ls /etc/postgresql | sort -V | tail -n1)
      hba="/etc/postgresql/$ver/main/pg_hba.conf"
      if ! grep -q 'vouchers-local-trust' "$hba"; then
        sed -i '1i host all postgres 127.0.0.1/32 trust # vouchers-local-trust\nhost all postgres ::1/128 trust # vouchers-local-trust' "$hba"
      fi
    fi
    log "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start || true
    wait_for pg pg_up 30 || { log "PostgreSQL did not start; see /var/log/postgresql/"; exit 1; }
  fi
  if ! redis_up; then
    if ! command -v redis-server >/dev/null 2>&1; then
      log "installing Redis from apt"
      apt-get update -qq
      apt-get install -y -qq redis-server >/dev/null
    fi
    log "starting Redis"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$RD_PORT" --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
    wait_for redis redis_up 15 || { log "Redis did not start; see /var/log/redis/ci.log"; exit 1; }
  fi
  log "PostgreSQL and Redis are up (local)"
  exit 0
fi

cat >&2 <<MSG
[services] PostgreSQL ($PG_HOST:$PG_PORT) or Redis ($RD_HOST:$RD_PORT) does not answer, and this script
cannot start them here (no running Docker engine; not Debian/Ubuntu as root).
Install and start PostgreSQL >= 15 (with the btree_gist extension, in postgresql-contrib) and Redis >= 7,
or start Docker and run 'docker compose up -d postgres redis', or point DATABASE_URL and REDIS_URL at
servers that run. Then run this command again.
MSG
exit 1
