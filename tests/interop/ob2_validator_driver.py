"""Run 1EdTech's OB 2.0 validator (``openbadges`` 1.1.2) offline; executed by the ``.venv-ob2`` Python.

Usage: ``python ob2_validator_driver.py '<json>'`` with
``{"cases": [{"input": "<url or JSON>", "recipient": {"email": "..."} | null}], "contexts": {url: file}}``.
Prints ``{"results": [{"valid": bool, "messages": [...], "report": {...}}]}``, one result per case.

The validator fetches with ``requests``; this driver replaces the transport so that the JSON-LD contexts
it needs (``https://w3id.org/openbadges/v2`` ...) are served from local files, ``http://127.0.0.1`` /
``localhost`` URLs go to the test's local server, and every other URL fails: nothing reaches the internet.
It imports only the standard library, ``requests`` and ``openbadges`` (this is not Microcred's venv).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.models import Response

_real_send = HTTPAdapter.send


def _install_offline_transport(contexts: dict[str, str]) -> None:
    served = {url: Path(path).read_bytes() for url, path in contexts.items()}

    def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
        url = request.url
        if url in served:
            response = Response()
            response.status_code = 200
            response._content = served[url]
            response.headers["Content-Type"] = "application/ld+json"
            response.url = url
            response.request = request
            response.encoding = "utf-8"
            return response
        if urlsplit(url).hostname in ("127.0.0.1", "localhost"):
            return _real_send(self, request, **kwargs)
        raise requests.ConnectionError(f"offline validator harness: refusing to fetch {url}")

    HTTPAdapter.send = send  # type: ignore[method-assign]


def main() -> None:
    config = json.loads(sys.argv[1])
    _install_offline_transport(config.get("contexts", {}))
    from openbadges import verify  # imported after patching: it builds sessions lazily

    results = []
    for case in config["cases"]:
        result = verify(case["input"], recipient_profile=case.get("recipient"), use_cache=False)
        report = result.get("report", {})
        messages = [
            {"level": m.get("messageLevel"), "name": m.get("name"), "result": m.get("result")}
            for m in report.get("messages", [])
        ]
        results.append({"valid": bool(report.get("valid")), "messages": messages, "report": report})
    print(json.dumps({"results": results}, default=str))


if __name__ == "__main__":
    main()
