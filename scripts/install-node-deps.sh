#!/bin/sh
# The JavaScript verifier stack for the interoperability tests, exactly as pinned by its lock file.
# Node.js and npm come from Debian when missing (needs root or sudo).
set -e
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Node.js is missing and installing it needs root: run 'apt-get install nodejs npm' as root." >&2
    exit 1
  fi
  echo "Installing Debian's nodejs and npm for the interoperability tests..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
cd tests/interop/js
if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then exit 0; fi
npm ci --no-audit --no-fund --loglevel=error
