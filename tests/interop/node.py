"""Run the Node.js side of ``tests/interop/js`` (Digital Bazaar's Data Integrity stack) from Python.

``sign.mjs``, ``verify.mjs`` and ``canonize.mjs`` read one JSON request on stdin and write one JSON
answer on stdout (:func:`run_script`). The tests talk to ``worker.mjs`` instead: one Node process for
the whole session, one JSON line per request (:func:`run_node`), because starting Node costs about half
a second of CPU per call. Requests carry many items, so one call covers a whole test.
"""

from __future__ import annotations

import atexit
import functools
import json
import select
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

JS_DIR = Path(__file__).resolve().parent / "js"
STANDARDS = Path(__file__).resolve().parents[1] / "standards"

#: Contexts not shipped in the npm packages, served to the JS loader from ``tests/standards``.
EXTRA_CONTEXTS = {
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json": "clr2/context-2.0.1.json",
    "https://purl.imsglobal.org/spec/clr/v2p0/context.json": "clr2/context.json",
    "https://www.w3.org/ns/did/v1": "vc/did-v1.jsonld",
    "https://w3id.org/security/multikey/v1": "vc/multikey-v1.jsonld",
    "https://w3id.org/security/data-integrity/v1": "vc/data-integrity-v1.jsonld",
    "https://w3id.org/security/data-integrity/v2": "vc/data-integrity-v2.jsonld",
    "https://w3id.org/security/suites/ed25519-2020/v1": "vc/ed25519-2020-v1.jsonld",
}


class NodeUnavailableError(RuntimeError):
    """``node`` or the installed ``node_modules`` are missing."""


def node_unavailable_reason() -> str | None:
    """Why the JS stack cannot run here, or ``None`` when it can."""
    if shutil.which("node") is None:
        return "node is not installed (Node.js 20+ is needed for the interoperability tests)"
    if not (JS_DIR / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        return "tests/interop/js/node_modules is missing: run `make node-deps` (scripts/install-node-deps.sh)"
    return None


@functools.cache
def _extra_contexts() -> str:
    return json.dumps(
        {
            url: json.loads((STANDARDS / path).read_text(encoding="utf-8"))
            for url, path in EXTRA_CONTEXTS.items()
        }
    )


def extra_contexts() -> dict[str, Any]:
    """The ``contexts`` member of a request: CLR, DID and security contexts from ``tests/standards``."""
    contexts = json.loads(_extra_contexts())
    assert isinstance(contexts, dict)
    return contexts


def _check_available() -> None:
    reason = node_unavailable_reason()
    if reason is not None:
        raise NodeUnavailableError(reason)


def run_script(script: str, request: dict[str, Any], *, timeout: float = 180) -> dict[str, Any]:
    """Run ``js/<script>`` once with ``request`` on stdin; return its JSON answer (raises on failure)."""
    _check_available()
    payload = {"contexts": extra_contexts(), **request}
    completed = subprocess.run(
        ["node", str(JS_DIR / script)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=JS_DIR,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"node {script} failed ({completed.returncode}): {completed.stderr[-3000:]}")
    answer = json.loads(completed.stdout)
    assert isinstance(answer, dict)
    return answer


class NodeWorker:
    """``node worker.mjs`` kept running; :meth:`call` sends one request line and reads one answer line."""

    def __init__(self) -> None:
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the worker
        self._process = subprocess.Popen(
            ["node", str(JS_DIR / "worker.mjs")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            cwd=JS_DIR,
        )
        self._lock = threading.Lock()

    def call(self, op: str, request: dict[str, Any], *, timeout: float) -> dict[str, Any]:
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        with self._lock:
            self._process.stdin.write(json.dumps({"op": op, "request": request}).encode() + b"\n")
            self._process.stdin.flush()
            ready, _, _ = select.select([self._process.stdout], [], [], timeout)
            if not ready:
                self.close()
                raise TimeoutError(f"node worker: no answer to {op!r} within {timeout} s")
            line = self._process.stdout.readline()
        if not line:
            self._stderr.seek(0)
            raise RuntimeError(f"node worker exited: {self._stderr.read()[-3000:].decode(errors='replace')}")
        reply = json.loads(line)
        if not reply.get("ok"):
            raise RuntimeError(f"node worker: {op} failed: {reply.get('error')}")
        answer = reply["answer"]
        assert isinstance(answer, dict)
        return answer

    def close(self) -> None:
        """Stop this worker (only the process this object started)."""
        if self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
        self._stderr.close()


_worker: NodeWorker | None = None


def _shared_worker() -> NodeWorker:
    global _worker
    if _worker is None or _worker._process.poll() is not None:
        _worker = NodeWorker()
        atexit.register(_worker.close)
    return _worker


def run_node(op: str, request: dict[str, Any], *, timeout: float = 180) -> dict[str, Any]:
    """Run ``op`` (``sign``, ``verify``, ``canonize``) in the session's Node worker."""
    _check_available()
    return _shared_worker().call(op, {"contexts": extra_contexts(), **request}, timeout=timeout)


def js_sign(items: list[dict[str, Any]], **request: Any) -> list[dict[str, Any]]:
    """Sign with the JS stack; each item: ``credential``, ``seedHex``, optional ``verificationMethod``,
    ``controller``, ``created``. Returns per item ``{"ok", "credential"|"error"}``."""
    results = run_node("sign", {"items": items, **request})["results"]
    assert isinstance(results, list)
    return results


def js_verify(credentials: list[dict[str, Any]], **request: Any) -> list[dict[str, Any]]:
    """Verify with the JS stack; returns per credential ``{"verified": bool, "error": str|None}``."""
    results = run_node("verify", {"items": [{"credential": c} for c in credentials], **request})["results"]
    assert isinstance(results, list)
    return results


def js_canonize(documents: list[dict[str, Any]], **request: Any) -> list[dict[str, Any]]:
    """RDFC-1.0 N-Quads from jsonld.js in safe mode; per document ``{"ok", "nquads"|"error"}``."""
    results = run_node("canonize", {"items": [{"document": d} for d in documents], **request})["results"]
    assert isinstance(results, list)
    return results
