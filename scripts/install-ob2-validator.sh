#!/bin/sh
# 1EdTech's Open Badges 2.0 validator (PyPI `openbadges` 1.1.2, "openbadges-validator-core") in its own
# virtual environment, for the OB 2.0 interoperability tests (tests/interop/test_ob2_validator.py).
#
# Its own pins (PyLD 0.7.1, jsonschema 2.6.0, pycryptodome 3.6.6, python-jose 3.0.1, ...) do not import on
# Python 3.11, so every package is installed with --no-deps from this list: the validator's pins, except
# pycryptodome 3.24.1 and python-jose 3.2.0 (3.3.0 breaks signed-assertion checks) and a current pytz
# (see tests/standards/VERIFIERS.md), plus exact versions of the unpinned transitive requirements.
set -e
VENV=${OB2_VALIDATOR_VENV:-.venv-ob2}
PYTHON=${PYTHON:-python3}
STAMP="$VENV/.installed"
if [ -f "$STAMP" ] && [ "$STAMP" -nt "$0" ]; then exit 0; fi
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
  openbadges==1.1.2 \
  aniso8601==10.0.1 \
  Click==6.7 \
  future==0.16.0 \
  jsonschema==2.6.0 \
  language-tags==0.4.3 \
  openbadges-bakery==1.2.4 \
  pypng==0.20220715.0 \
  defusedxml==0.7.1 \
  pycryptodome==3.24.1 \
  pydux==0.2.2 \
  PyLD==0.7.1 \
  python-jose==3.2.0 \
  ecdsa==0.19.1 \
  rsa==4.9.1 \
  pyasn1==0.6.1 \
  six==1.17.0 \
  python-mimeparse==1.6.0 \
  pytz==2025.2 \
  requests==2.32.5 \
  urllib3==2.5.0 \
  idna==3.10 \
  certifi==2025.8.3 \
  charset-normalizer==3.4.3 \
  requests-cache==0.4.13 \
  rfc3986==0.4.1 \
  validators==0.11.2 \
  decorator==5.2.1
"$VENV/bin/python" -c "import openbadges.verifier" || {
  echo "The OB 2.0 validator installed but does not import; see $0" >&2
  exit 1
}
touch "$STAMP"
