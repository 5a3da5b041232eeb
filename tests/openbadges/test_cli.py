"""``microcred badge verify|inspect``: exit codes, readable and JSON output, --online through a fetcher."""

from __future__ import annotations

import http.server
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from microcred.__main__ import main as microcred_main
from microcred.openbadges import cli
from microcred.openbadges.errors import FetchError
from tests.openbadges.proofs.fixtures import OB2, OB3, VC, DictFetcher, load_json


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    "name", ["simple.json", "simple-json.png", "simple-json.svg", "simple-jwt.png", "simple-jwt.svg"]
)
def test_verify_valid_badges(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, _ = run(capsys, "verify", str(OB3 / name))
    assert code == 0
    assert "[PASS] proof " in out
    assert out.strip().splitlines()[-1].startswith("Verdict: VALID")


def test_verify_invalid_badge(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "verify", str(OB3 / "negative" / "simple-err-proof-value.json"))
    assert code == 1
    assert "[FAIL] proof[0].signature" in out
    assert "Verdict: INVALID" in out


def test_verify_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "verify", "--json", str(OB3 / "simple.json"))
    assert code == 0
    report = json.loads(out)
    assert report["verdict"] == "valid"
    assert report["file"].endswith("simple.json")
    assert report["online"] is False
    assert {check["id"] for check in report["checks"]} >= {"parse", "proof", "proof[0].signature"}


def test_offline_skips_are_explained(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "verify", str(OB3 / "bitstring-credential-status-revoked.json"))
    assert code == 0
    assert "[SKIP] status.revocation" in out
    assert "--online" in out
    code, out, _ = run(capsys, "verify", str(OB3 / "complete_v1.json"))
    assert code == 1  # expired; its https key is not checked offline
    assert "[SKIP] proof[0].key" in out


def test_online_uses_the_fetcher(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    credential = load_json(OB3 / "bitstring-credential-status-revoked.json")
    url = credential["credentialStatus"]["statusListCredential"]
    served = DictFetcher({url: load_json(VC / "examples" / "bitstring-status-list-credential.testlist.json")})
    monkeypatch.setattr(cli, "UrlFetcher", lambda **_kwargs: served)
    code, out, _ = run(capsys, "verify", "--online", str(OB3 / "bitstring-credential-status-revoked.json"))
    assert code == 1
    assert "[FAIL] status.revocation" in out
    assert "online" in out.splitlines()[0]
    assert url in served.calls


def test_recipient_option(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(
        capsys, "verify", "--recipient", "nobody@example.org", str(OB2 / "basic-assertion.json")
    )
    assert code == 1  # hosted OB 2.0 assertion: not fetched offline
    assert "[PASS] recipient" in out


def test_unreadable_files_and_usage(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "verify", str(tmp_path / "missing.json"))
    assert code == 2
    assert "cannot read" in err
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"\x00\xff\x00")
    code, out, _ = run(capsys, "verify", str(garbage))
    assert code == 2
    assert "[FAIL] parse" in out
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (cli.MAX_FILE_BYTES + 1))
    code, _, err = run(capsys, "inspect", str(big))
    assert code == 2
    assert "larger than" in err
    assert run(capsys, "frobnicate")[0] == 2
    assert run(capsys)[0] == 2
    assert run(capsys, "--help")[0] == 0


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO((OB3 / "simple.json").read_bytes()))
    monkeypatch.setattr("sys.stdin", stdin)
    code, out, _ = run(capsys, "verify", "-")
    assert code == 0
    assert "Verifying -" in out


def test_inspect(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "inspect", str(OB3 / "complete.json"))
    assert code == 0
    assert "Issuer" in out
    assert "Proof 0" in out
    assert "DataIntegrityProof/eddsa-rdfc-2022" in out
    assert "Status" in out
    assert "1EdTechRevocationList" in out
    code, out, _ = run(capsys, "inspect", str(OB3 / "simple-jwt.svg"))
    assert code == 0
    assert "JWT header" in out
    code, out, _ = run(capsys, "inspect", "--json", str(OB3 / "simple-jwt.png"))
    shown = json.loads(out)
    assert shown["format"] == "png+jwt"
    assert shown["jwt_header"]["alg"] == "RS256"
    assert shown["credential"]["name"] == "Teamwork Badge"
    code, out, _ = run(capsys, "inspect", str(OB2 / "simple-badge.png"))
    assert code == 0
    assert "Recipient" in out
    assert "issuedOn" in out
    code, _, err = run(capsys, "inspect", str(OB2 / "assets" / "beths-robot-badge.png"))
    assert code == 2
    assert "no baked badge" in err


def test_console_script_dispatch(capsys: pytest.CaptureFixture[str]) -> None:
    assert microcred_main(["microcred", "badge", "verify", str(OB3 / "simple.json")]) == 0
    assert "Verdict: VALID" in capsys.readouterr().out


# --- UrlFetcher against a local server (no internet) ------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, bytes]] = {
        "/doc.json": (200, b'{"id": "x"}'),
        "/gone": (410, b"gone"),
        "/text": (200, b"not json"),
        "/big": (200, b"[" + b"1," * 600 + b"1]"),
        "/redirect": (302, b""),
    }

    def do_GET(self) -> None:
        status, body = self.routes.get(self.path, (404, b"missing"))
        self.send_response(status)
        if status == 302:
            self.send_header("Location", "/doc.json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_url_fetcher(server: str) -> None:
    fetcher = cli.UrlFetcher(timeout=5, max_bytes=1000)
    assert fetcher(f"{server}/doc.json") == {"id": "x"}
    assert fetcher(f"{server}/redirect") == {"id": "x"}
    with pytest.raises(FetchError) as gone:
        fetcher(f"{server}/gone")
    assert gone.value.status == 410
    with pytest.raises(FetchError, match="not JSON"):
        fetcher(f"{server}/text")
    with pytest.raises(FetchError, match="larger than"):
        fetcher(f"{server}/big")
    with pytest.raises(FetchError, match="only http"):
        fetcher("file:///etc/passwd")
    with pytest.raises(FetchError):
        fetcher("http://127.0.0.1:1/unreachable")
