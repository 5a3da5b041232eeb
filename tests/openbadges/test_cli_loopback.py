"""``microcred badge verify --online`` against a local development server answering plain http.

A dev server on ``http://127.0.0.1:<port>`` issues as ``did:web:127.0.0.1%3A<port>:issuers:x``, which
did:web resolution turns into ``https://127.0.0.1:<port>/issuers/x/did.json``. The CLI's ``UrlFetcher``
retries such loopback https URLs over http when TLS cannot be reached -- and never for any other host.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from microcred.openbadges import cli
from microcred.openbadges.bake import bake_png
from microcred.openbadges.errors import FetchError
from microcred.openbadges.issue import sign_credential
from microcred.openbadges.keys import IssuerKey, SigningKey, build_did_document
from microcred.openbadges.status.bitstring import (
    BitstringStatusList,
    status_list_credential,
    status_list_entry,
)
from tests.interop.localserver import LocalServer, Route, serve
from tests.openbadges.proofs.fixtures import ob3_credential

IMAGE = (
    Path(__file__).resolve().parents[1]
    / "standards"
    / "ob2"
    / "examples"
    / "assets"
    / "beths-robot-badge.png"
).read_bytes()
KEY = SigningKey.from_multikey("z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq")
DID_PATH = "/issuers/x/did.json"
STATUS_PATH = "/status/1/revocation"
REVOKED_INDEX = 7


def _port(server: LocalServer) -> int:
    return int(server.base.rsplit(":", 1)[1])


@pytest.fixture
def dev_server() -> Iterator[LocalServer]:
    """A plain-http "dev server" on 127.0.0.1 publishing the issuer's did.json and its revocation list."""
    with serve() as server:
        did = f"did:web:127.0.0.1%3A{_port(server)}:issuers:x"
        server.routes[DID_PATH] = Route(
            build_did_document(did, [IssuerKey("key-1", KEY.public_key)], current="key-1")
        )
        bits = BitstringStatusList()
        bits.set(REVOKED_INDEX)
        unsigned = status_list_credential(
            list_id=server.url(STATUS_PATH),
            issuer=did,
            status_list=bits,
            valid_from=datetime(2025, 1, 1, tzinfo=UTC),
        )
        server.routes[STATUS_PATH] = Route(
            sign_credential(unsigned, key=KEY, verification_method=f"{did}#key-1")
        )
        yield server


def _baked_badge(server: LocalServer, tmp_path: Path, *, index: int) -> Path:
    """A PNG badge signed by the dev server's did:web issuer, status entry ``index`` of its list."""
    did = f"did:web:127.0.0.1%3A{_port(server)}:issuers:x"
    credential = ob3_credential(
        issuer={"id": did, "type": ["Profile"], "name": "Dev University"},
        credentialStatus=status_list_entry(server.url(STATUS_PATH), index),
    )
    signed = sign_credential(credential, key=KEY, verification_method=f"{did}#key-1")
    path = tmp_path / f"badge-{index}.png"
    path.write_bytes(bake_png(IMAGE, signed))
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    return code, capsys.readouterr().out


def test_online_verifies_a_badge_from_a_loopback_dev_server(
    capsys: pytest.CaptureFixture[str], dev_server: LocalServer, tmp_path: Path
) -> None:
    badge = _baked_badge(dev_server, tmp_path, index=3)
    code, out = _run(capsys, "verify", "--online", "--timeout", "5", str(badge))
    assert code == 0, out
    assert "[PASS] proof" in out
    assert "[PASS] status.revocation" in out
    assert DID_PATH in dev_server.requests  # https://127.0.0.1:<port>/... answered over http
    assert STATUS_PATH in dev_server.requests


def test_online_reports_a_revoked_badge_from_a_loopback_dev_server(
    capsys: pytest.CaptureFixture[str], dev_server: LocalServer, tmp_path: Path
) -> None:
    badge = _baked_badge(dev_server, tmp_path, index=REVOKED_INDEX)
    code, out = _run(capsys, "verify", "--online", "--timeout", "5", str(badge))
    assert code == 1
    assert "[FAIL] status.revocation" in out
    assert "[PASS] proof" in out


def test_offline_does_not_fetch_the_did_document(
    capsys: pytest.CaptureFixture[str], dev_server: LocalServer, tmp_path: Path
) -> None:
    badge = _baked_badge(dev_server, tmp_path, index=3)
    code, out = _run(capsys, "verify", str(badge))
    assert code == 1
    assert "--online" in out
    assert dev_server.requests == []


def test_loopback_https_falls_back_to_http(dev_server: LocalServer) -> None:
    fetcher = cli.UrlFetcher(timeout=5)
    https = dev_server.url(DID_PATH).replace("http://", "https://")
    assert fetcher(https)["id"].startswith("did:web:127.0.0.1%3A")
    localhost = https.replace("127.0.0.1", "localhost")
    assert fetcher(localhost)["id"].startswith("did:web:127.0.0.1%3A")
    # An HTTP answer over http is final: the fallback's 404 is reported with its status.
    with pytest.raises(FetchError) as missing:
        fetcher(https.replace(DID_PATH, "/nothing-here"))
    assert missing.value.status == 404
    with pytest.raises(FetchError, match="then over http"):
        fetcher(https.replace(DID_PATH, "/nothing-here"))
    # Switched off: https stays https.
    with pytest.raises(FetchError) as off:
        cli.UrlFetcher(timeout=5, loopback_http=False)(https)
    assert off.value.status is None
    assert "then over http" not in str(off.value)


@pytest.mark.parametrize(
    ("url", "fallback"),
    [
        ("https://127.0.0.1:8000/issuers/x/did.json", "http://127.0.0.1:8000/issuers/x/did.json"),
        ("https://localhost:8000/a?b=1", "http://localhost:8000/a?b=1"),
        ("https://LOCALHOST/.well-known/did.json", "http://LOCALHOST/.well-known/did.json"),
        ("https://[::1]:8443/x", "http://[::1]:8443/x"),
        ("https://127.1.2.3/x", "http://127.1.2.3/x"),
        ("https://badges.example.edu/issuers/x/did.json", None),
        ("https://127.0.0.1.example.com/x", None),
        ("https://localhost.example.com/x", None),
        ("https://10.0.0.1/x", None),
        ("https://[::2]/x", None),
        ("http://127.0.0.1:8000/x", None),  # already http
    ],
)
def test_fallback_is_for_loopback_https_only(url: str, fallback: str | None) -> None:
    assert cli.loopback_http_fallback(url) == fallback


def test_other_hosts_are_never_downgraded(monkeypatch: pytest.MonkeyPatch) -> None:
    """No network: ``_get`` is replaced; an unreachable non-loopback https URL is tried once, as https."""
    tried: list[str] = []

    def unreachable(self: Any, url: str) -> Any:
        tried.append(url)
        raise cli._UnreachableError(f"{url}: connection refused")

    monkeypatch.setattr(cli.UrlFetcher, "_get", unreachable)
    with pytest.raises(FetchError, match="connection refused"):
        cli.UrlFetcher()("https://badges.example.edu/issuers/x/did.json")
    assert tried == ["https://badges.example.edu/issuers/x/did.json"]
    tried.clear()
    with pytest.raises(FetchError):
        cli.UrlFetcher()("https://127.0.0.1:8000/issuers/x/did.json")
    assert tried == ["https://127.0.0.1:8000/issuers/x/did.json", "http://127.0.0.1:8000/issuers/x/did.json"]


def test_help_documents_the_loopback_fallback(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "verify", "--help")
    assert code == 0
    assert "loopback" in out
    assert "http" in out
