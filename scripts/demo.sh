#!/usr/bin/env bash
# README quick start, first command (after npm ci): services → migrate → seed demo data → build →
# serve the app on http://localhost:3000 with the worker beside it. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/vouchers}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export PORT="${PORT:-3000}"

bash scripts/services.sh
npm run db:migrate
npm run db:seed
npm run build

pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait || true; }
trap cleanup EXIT INT TERM

node --import tsx jobs/worker.ts & pids+=($!)
NODE_ENV=production SESSION_SECRET="${SESSION_SECRET:-demo-only-session-secret-0123456789}" node --import tsx server.ts & pids+=($!)
echo
echo "  达州创新券平台 demo: http://localhost:$PORT   (logins in README.md, password demo-2026)"
echo
wait -n "${pids[@]}"
