#!/usr/bin/env bash
# Started by Playwright (playwright.config.ts webServer): a fresh, seeded e2e database, the built app
# and the worker, on E2E_PORT. Expects `remix build` to have run.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/vouchers}"
export DATABASE_URL="${E2E_DATABASE_URL:-${base%/*}/vouchers_e2e}"
export QUEUE_PREFIX="e2e$$"
export PORT="${E2E_PORT:-3100}"
export SESSION_SECRET="e2e-only-session-secret-0123456789"
export LOG_LEVEL=warn
npx tsx scripts/reset-db.ts
npx tsx seeds/index.ts >/dev/null
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait || true; }
trap cleanup EXIT INT TERM
node --import tsx jobs/worker.ts & pids+=($!)
NODE_ENV=production node --import tsx server.ts & pids+=($!)
wait -n "${pids[@]}"
