#!/bin/sh
# The JavaScript verifier stack for the interoperability tests, exactly as pinned by its lock file.
set -e
cd tests/interop/js
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: install Node.js 20 or newer (apt-get install nodejs npm)." >&2
  exit 1
fi
if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then exit 0; fi
npm ci --no-audit --no-fund --loglevel=error
