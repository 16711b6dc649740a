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
# The local Stripe API server (ADR 011) on its own port, webhooks to this app.
export STRIPE_LOCAL_PORT="${E2E_STRIPE_PORT:-12112}"
export STRIPE_API_BASE="http://127.0.0.1:$STRIPE_LOCAL_PORT"
export STRIPE_SECRET_KEY="sk_test_local_e2e"
export STRIPE_WEBHOOK_SECRET="whsec_local_e2e_0123456789"
export STRIPE_LOCAL_QUIET=1
npx tsx scripts/reset-db.ts
npx tsx seeds/index.ts >/dev/null
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait || true; }
trap cleanup EXIT INT TERM
node --import tsx scripts/stripe-local.ts --webhook-url "http://127.0.0.1:$PORT/webhooks/stripe" & pids+=($!)
node --import tsx jobs/worker.ts & pids+=($!)
NODE_ENV=production node --import tsx server.ts & pids+=($!)
wait -n "${pids[@]}"
