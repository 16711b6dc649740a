#!/usr/bin/env bash
# README quick start, second command (after npm ci): every test tier against real services.
# lint → typecheck → unit → integration (PostgreSQL + Redis) → build → e2e (Playwright + Debian Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/vouchers}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-${DATABASE_URL%/*}/postgres}"

step() { printf '\n==> %s\n' "$*"; }

step services
bash scripts/services.sh

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    step "installing Chromium from apt (Playwright's own browser download does not work here)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH" >&2
    exit 1
  fi
fi

step "prisma generate"
npm run prisma:generate >/dev/null
step lint
npm run lint
step typecheck
npm run typecheck
step "unit tests"
npm run test:unit
step "integration tests"
npm run test:integration
step build
npx remix build
step "end-to-end tests"
npm run test:e2e
