#!/usr/bin/env bash
# README quick start, first command (after npm ci): services → migrate → seed demo data → build →
# serve the app on http://localhost:3000 with the worker beside it. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/vouchers}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export PORT="${PORT:-3000}"
# The co-payment goes to the local Stripe API server (ADR 011): no internet, no real money.
export STRIPE_LOCAL_PORT="${STRIPE_LOCAL_PORT:-12111}"
export STRIPE_API_BASE="${STRIPE_API_BASE:-http://127.0.0.1:$STRIPE_LOCAL_PORT}"
export STRIPE_SECRET_KEY="${STRIPE_SECRET_KEY:-sk_test_local_demo}"
export STRIPE_WEBHOOK_SECRET="${STRIPE_WEBHOOK_SECRET:-whsec_local_demo_0123456789}"

bash scripts/services.sh
npm run db:migrate
npm run db:seed
npm run build

pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait || true; }
trap cleanup EXIT INT TERM

node --import tsx scripts/stripe-local.ts --webhook-url "http://127.0.0.1:$PORT/webhooks/stripe" & pids+=($!)
node --import tsx jobs/worker.ts & pids+=($!)
MAIL_PREVIEW=1 NODE_ENV=production SESSION_SECRET="${SESSION_SECRET:-demo-only-session-secret-0123456789}" node --import tsx server.ts & pids+=($!)
echo
echo "  达州创新券平台 demo: http://localhost:$PORT   (logins in README.md, password demo-2026)"
echo "  mails the platform sent: http://localhost:$PORT/dev/mail   local Stripe API: $STRIPE_API_BASE"
echo
wait -n "${pids[@]}"
