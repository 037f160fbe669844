#!/usr/bin/env bash
# Installs the benchmark peer (PostGraphile v5 and the Node 22 it needs, from the npm registry)
# into benchmarks/peer/node_modules, which is not committed. Needs npm (any Node >= 18 to run it).
set -euo pipefail
cd "$(dirname "$0")"
if [ -x node_modules/.bin/node ] && [ node_modules/.installed-stamp -nt package-lock.json ]; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
node_modules/.bin/node --version
touch node_modules/.installed-stamp
