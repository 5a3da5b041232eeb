"""``microcred badge verify|inspect FILE``: check or show a badge (JSON, VC-JWT, baked PNG or SVG).

Offline by default: did:key keys and keys embedded in the badge (a Multikey in the verification method
id, a JWT ``jwk`` header) are used; did:web / https keys and status lists are reported as not checked.
``--online`` reads them over HTTP(S) with a timeout and a size limit -- the only network code of the
library, injected into the verifier as a fetch function. A did:web issuer always resolves to an https URL;
for a development server on a loopback address (``did:web:127.0.0.1%3A8000:...``, served over plain
http) an https URL whose host is 127.0.0.1 (any 127.x address), ::1 or localhost that cannot be reached
over TLS is read over http from the same host and port (:class:`UrlFetcher`). Exit status: 0 valid, 1 not
valid (or not fully verifiable), 2 usage error or unreadable file.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from typing import Any, TextIO
from urllib.parse import urlsplit, urlunsplit

from microcred.openbadges.errors import FetchError, UnreadableInputError
from microcred.openbadges.keys.resolver import default_resolver
from microcred.openbadges.proofs.data_integrity import proofs_of
from microcred.openbadges.proofs.report import CheckStatus, VerificationReport
from microcred.openbadges.verify import read_input, verify_credential

__all__ = ["UrlFetcher", "is_loopback_host", "loopback_http_fallback", "main"]

EXIT_VALID, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
MAX_FILE_BYTES = 20 * 1024 * 1024
_MARKS = {
    CheckStatus.PASSED: "[PASS]",
    CheckStatus.FAILED: "[FAIL]",
    CheckStatus.WARNING: "[WARN]",
    CheckStatus.SKIPPED: "[SKIP]",
}


class _UnreachableError(FetchError):
    """No HTTP answer at all: the connection or the TLS handshake failed (or timed out)."""


def is_loopback_host(host: str | None) -> bool:
    """Whether ``host`` (a URL's hostname) is this machine: ``localhost``, 127.0.0.0/8 or ``::1``."""
    if not host:
        return False
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def loopback_http_fallback(url: str) -> str | None:
    """The http URL tried when the https ``url`` of a loopback host cannot be reached; else ``None``.

    ``https://127.0.0.1:8000/issuers/x/did.json`` -> ``http://127.0.0.1:8000/issuers/x/did.json`` (same
    host, port, path and query). Never for another host: anywhere else https stays https.
    """
    parts = urlsplit(url)
    if parts.scheme != "https" or not is_loopback_host(parts.hostname):
        return None
    return urlunsplit(("http", parts.netloc, parts.path, parts.query, ""))


class UrlFetcher:
    """Fetch JSON over http(s) with urllib: a timeout, a size limit, no other URL schemes, no cookies.

    Loopback development servers: did:web resolution always gives an https URL
    (``did:web:127.0.0.1%3A8000:issuers:x`` -> ``https://127.0.0.1:8000/issuers/x/did.json``), which a
    local ``runserver`` answering plain http cannot serve. So for an https URL whose host is a loopback
    address (127.0.0.0/8, ::1, ``localhost``), a failure to connect or to complete the TLS handshake is
    followed by one try over http on the same host and port. An HTTP error status, a body that is not JSON
    or too large is final (no fallback), and no other host is ever downgraded to http. Pass
    ``loopback_http=False`` to switch the fallback off.
    """

    def __init__(
        self, *, timeout: float = 10.0, max_bytes: int = 2 * 1024 * 1024, loopback_http: bool = True
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.loopback_http = loopback_http
        self._opener = urllib.request.OpenerDirector()
        for handler in (
            urllib.request.HTTPHandler(),
            urllib.request.HTTPSHandler(),
            urllib.request.HTTPRedirectHandler(),
            urllib.request.HTTPDefaultErrorHandler(),
            urllib.request.HTTPErrorProcessor(),
        ):
            self._opener.add_handler(handler)

    def __call__(self, url: str) -> Any:
        """Return the JSON document at ``url``; raise :class:`FetchError` (with the HTTP status) otherwise."""
        if not url.startswith(("https://", "http://")):
            raise FetchError(f"refusing to fetch {url!r}: only http(s) URLs")
        try:
            return self._get(url)
        except _UnreachableError as exc:
            fallback = loopback_http_fallback(url) if self.loopback_http else None
            if fallback is None:
                raise
            try:
                return self._get(fallback)
            except FetchError as second:
                raise FetchError(f"{exc}; then over http: {second}", status=second.status) from second

    def _get(self, url: str) -> Any:
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked by the caller
            url, headers={"Accept": "application/ld+json, application/json;q=0.9, */*;q=0.1"}
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                body = response.read(self.max_bytes + 1)
        except urllib.error.HTTPError as exc:
            exc.close()
            raise FetchError(f"{url}: HTTP {exc.code}", status=exc.code) from exc
        except (urllib.error.URLError, OSError) as exc:  # refused, TLS failure, timeout, DNS
            raise _UnreachableError(f"{url}: {exc}") from exc
        except (ValueError, http.client.HTTPException) as exc:  # e.g. a malformed answer
            raise FetchError(f"{url}: {exc}") from exc
        if len(body) > self.max_bytes:
            raise FetchError(f"{url}: larger than {self.max_bytes} bytes")
        try:
            return json.loads(body)
        except ValueError as exc:
            raise FetchError(f"{url}: not JSON ({exc})") from exc


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="microcred badge", description="Verify or inspect an Open Badge.")
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="verify a badge: proofs, dates, status, schema")
    verify.add_argument("file", help="a .json, .jwt, .png or .svg file ('-' for standard input)")
    verify.add_argument(
        "--online",
        action="store_true",
        help="fetch did:web/https keys and status lists; for a loopback host (127.0.0.1, ::1, localhost: a "
        "local dev server) an https URL that cannot be reached is retried over http on the same port",
    )
    verify.add_argument("--json", action="store_true", help="print the report as JSON")
    verify.add_argument("--recipient", help="an email/id the badge must have been awarded to")
    verify.add_argument("--timeout", type=float, default=10.0, help="seconds per request with --online")
    inspect = commands.add_parser("inspect", help="show what a badge says, without verifying it")
    inspect.add_argument("file", help="a .json, .jwt, .png or .svg file ('-' for standard input)")
    inspect.add_argument("--json", action="store_true", help="print the credential JSON")
    return parser


def main(argv: Sequence[str]) -> int:
    """Run ``microcred badge`` with ``argv`` (the arguments after ``badge``); return the exit status."""
    try:
        args = _parser().parse_args(list(argv))
    except SystemExit as exc:  # argparse prints its own message (or the help)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    data = _read(args.file)
    if data is None:
        return EXIT_USAGE
    if args.command == "inspect":
        return _inspect(args.file, data, as_json=args.json, out=sys.stdout)
    fetcher = UrlFetcher(timeout=args.timeout) if args.online else None
    report = verify_credential(
        data, resolver=default_resolver(fetcher), status_fetcher=fetcher, recipient=args.recipient
    )
    if args.json:
        print(json.dumps({"file": args.file, "online": args.online, **report.to_dict()}, indent=2))
    else:
        _print_report(args.file, report, online=args.online, out=sys.stdout)
    if report.status_of("parse") is CheckStatus.FAILED:
        return EXIT_USAGE
    return EXIT_VALID if report.valid else EXIT_INVALID


def _read(path: str) -> bytes | None:
    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        print(f"microcred badge: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return None
    if len(data) > MAX_FILE_BYTES:
        print(f"microcred badge: {path} is larger than {MAX_FILE_BYTES} bytes", file=sys.stderr)
        return None
    return data


def _print_report(path: str, report: VerificationReport, *, online: bool, out: TextIO) -> None:
    print(f"Verifying {path} ({report.format}{', online' if online else ', offline'})", file=out)
    width = max((len(check.id) for check in report.checks), default=0)
    for check in report.checks:
        print(f"  {_MARKS[check.status]} {check.id.ljust(width)}  {check.message}", file=out)
    counts = {status: sum(check.status is status for check in report.checks) for status in CheckStatus}
    summary = ", ".join(f"{counts[status]} {status.value}" for status in CheckStatus if counts[status])
    print(f"Verdict: {report.verdict.value.upper()} ({summary})", file=out)
    if not online and any(
        check.status is CheckStatus.SKIPPED and ("network" in check.message or "offline" in check.message)
        for check in report.checks
    ):
        print("Some checks need network access: run again with --online to include them.", file=out)


def _inspect(path: str, data: bytes, *, as_json: bool, out: TextIO) -> int:
    try:
        read = read_input(data)
    except UnreadableInputError as exc:
        print(f"microcred badge: {path}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    credential = read.credential
    if as_json:
        shown: dict[str, Any] = {"format": read.format, "credential": credential}
        if read.jws is not None:
            shown["jwt_header"] = read.jws.header
        print(json.dumps(shown, indent=2, ensure_ascii=False), file=out)
        return EXIT_VALID
    lines = [("File", path), ("Format", f"{read.format}: {read.description}")]
    if read.jws is not None:
        header = read.jws.header
        lines.append(("JWT header", ", ".join(f"{name}={_short(value)}" for name, value in header.items())))
    lines += [
        ("Context", ", ".join(_strings(credential.get("@context")))),
        ("Type", ", ".join(_strings(credential.get("type")))),
        ("Id", _short(credential.get("id"))),
        ("Name", _short(credential.get("name"))),
        ("Issuer", _named(credential.get("issuer"))),
    ]
    subject = credential.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    if isinstance(subject, Mapping):
        lines.append(
            ("Subject", _short(subject.get("id") or subject.get("identifier") or subject.get("identity")))
        )
        lines.append(("Achievement", _named(subject.get("achievement"))))
    if credential.get("recipient") is not None:
        lines.append(("Recipient", _short(credential.get("recipient"))))
    for name in ("validFrom", "validUntil", "issuanceDate", "expirationDate", "issuedOn", "expires"):
        if name in credential:
            lines.append((name, _short(credential[name])))
    for index, proof in enumerate(proofs_of(credential)):
        if isinstance(proof, Mapping):
            suite = "/".join(_strings([proof.get("type"), proof.get("cryptosuite")]))
            lines.append((f"Proof {index}", f"{suite} by {_short(proof.get('verificationMethod'))}"))
    status = credential.get("credentialStatus")
    for entry in status if isinstance(status, list) else [status] if status else []:
        if isinstance(entry, Mapping):
            lines.append(
                ("Status", f"{_short(entry.get('type'))} {_short(entry.get('statusPurpose') or '')}".strip())
            )
    width = max(len(label) for label, _ in lines)
    for label, value in lines:
        if value:
            print(f"{label.ljust(width)}  {value}", file=out)
    return EXIT_VALID


def _strings(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [item if isinstance(item, str) else "(inline)" for item in values if item is not None]


def _named(node: Any) -> str:
    if isinstance(node, Mapping):
        name, node_id = node.get("name"), node.get("id")
        return f"{_short(name)} ({_short(node_id)})" if name and node_id else _short(name or node_id)
    return _short(node)


def _short(value: Any, limit: int = 100) -> str:
    text = value if isinstance(value, str) else "" if value is None else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."
