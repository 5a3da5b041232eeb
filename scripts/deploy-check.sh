#!/bin/sh
# `manage.py check --deploy` under production-like settings (throwaway secrets made here, never stored).
set -e
BIN=${BIN:-.venv/bin}
MICROCRED_DEBUG=0 \
SECRET_KEY="$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
MICROCRED_KEY_ENCRYPTION_KEY="$($BIN/python -c 'import base64, secrets; print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())')" \
MICROCRED_PUBLIC_URL=https://badges.example.edu \
DATABASE_URL="${DATABASE_URL:-sqlite:///$(mktemp -d)/deploy-check.sqlite3}" \
  $BIN/microcred check --deploy --fail-level WARNING
