#!/usr/bin/env bash
# npm test: every quality gate, in order, stopping at the first failure.
# Integration tests use DATABASE_URL, else PostgreSQL on 127.0.0.1:5432, else an embedded one.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
mkdir -p .data/reports
rm -f .data/reports/*.json

step() { printf '\n\033[1;36m==> %s\033[0m\n' "$*"; }
# vitest's exit status is not reliable here (a failed int run has exited 0), so each tier's JSON report decides.
gate() { node scripts/test-summary.mjs "$1" >/dev/null || { node scripts/test-summary.mjs "$1"; echo "$2 failed: stopping"; exit 1; }; }

step "biome check"
npx --no-install biome check .
step "typecheck (tsc --noEmit)"
npx --no-install tsc --noEmit
step "conventions"
node --import tsx scripts/check-conventions.ts
step "unit tests (vitest)"
npx --no-install vitest run --project unit --reporter=default --reporter=json --outputFile.json=.data/reports/unit.json
gate .data/reports/unit.json "unit tests"
step "integration tests (vitest, real PostgreSQL + sandbox)"
npx --no-install vitest run --project int --reporter=default --reporter=json --outputFile.json=.data/reports/int.json
gate .data/reports/int.json "integration tests"
step "production build (next build)"
npx --no-install next build
step "end-to-end tests (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=.data/reports/e2e.json npx --no-install playwright test --reporter=list,json
step "chaos (short run: 600 events, 2 workers, 2 web processes, kills, PostgreSQL restart, Stream cuts, approvals from Huiban)"
node --import tsx scripts/chaos/run.ts --events 600 --workers 2 --converge-timeout 300
step "summary"
node scripts/test-summary.mjs .data/reports/unit.json .data/reports/int.json .data/reports/e2e.json
