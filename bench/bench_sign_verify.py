"""Sign/verify throughput of ``eddsa-rdfc-2022`` Open Badges 3.0 credentials, four ways, in one run.

Usage: ``python -m bench.bench_sign_verify [--seconds S] [--js-iterations N] [--json]`` from the
repository root; ``make bench`` / ``python -m bench`` runs it with the defaults, which the environment
variables ``BENCH_SECONDS`` and ``BENCH_JS_ITERATIONS`` override.

Implementations, all on the same realistic ~3 KB OpenBadgeCredential (achievement with alignment,
criteria, result descriptions and rubric, results, evidence, hashed identifier, status entry):

* ``microcred`` — ``microcred.openbadges.issue.sign_credential`` / ``verify.verify_credential`` (the
  verifier also runs the conformance checks: context, type, dropped terms, JSON Schema, dates, status);
* ``pyld`` — PyLD 3.3 URDNA2015 + ``cryptography`` Ed25519 (``tests/interop/oracle.py``);
* ``js`` — Digital Bazaar's ``@digitalbazaar/vc`` stack, N iterations inside one Node process;
* ``ed25519`` — bare ``cryptography`` Ed25519 sign/verify of the 64-byte hash (the floor).

Also checked: canonical N-Quads from ``microcred.openbadges.canon.canonicalize`` equal PyLD's, and the
signatures cross-verify (ours with PyLD, PyLD's with ours). Missing pieces are shown as ``n/a``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.interop import oracle  # noqa: E402 - needs ROOT on sys.path
from tests.openbadges.models import samples  # noqa: E402

warnings.filterwarnings("ignore", category=DeprecationWarning)

SEED = bytes.fromhex("9b937b81322d816cfab9d5a3baacc9b2a5febe4b149f126b3630f93a29527017")
CREATED = "2025-05-20T14:30:00Z"
JS_DIR = ROOT / "tests" / "interop" / "js"


def bench_credential(issuer_id: str) -> dict[str, Any]:
    """The benchmark credential (~3 KB of compact JSON), issued by ``issuer_id``."""
    issuer = samples.Profile(id=issuer_id, name="Example State University", url="https://www.example.edu")
    credential = samples.achievement_credential(issuer=issuer).model_copy(update={"description": None})
    document = credential.to_dict()
    achievement = document["credentialSubject"]["achievement"]
    achievement["creator"] = {"id": issuer_id, "type": ["Profile"]}
    del achievement["image"]
    return document


def rate(operation: Callable[[], object], seconds: float, minimum: int = 5) -> tuple[float, int]:
    """Operations per second over at least ``minimum`` runs and about ``seconds`` of wall time."""
    operation()  # warm-up (context caches, imports)
    count = 0
    start = time.perf_counter()
    while True:
        operation()
        count += 1
        elapsed = time.perf_counter() - start
        if count >= minimum and elapsed >= seconds:
            return count / elapsed, count


def _microcred() -> tuple[Any, Any, Any] | str:
    try:
        from microcred.openbadges.issue import sign_credential
        from microcred.openbadges.keys import SigningKey
        from microcred.openbadges.verify import verify_credential
    except ImportError as exc:
        return f"n/a ({exc})"
    return sign_credential, verify_credential, SigningKey


def _canonicalize() -> Callable[[dict[str, Any]], str] | str:
    try:
        from microcred.openbadges.canon import canonicalize
    except ImportError as exc:
        return f"n/a ({exc})"
    return canonicalize


def run_js(document: dict[str, Any], iterations: int) -> dict[str, Any] | str:
    """Run ``bench.mjs`` (one Node process, ``iterations`` signs then verifies)."""
    if not (JS_DIR / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        return "n/a (tests/interop/js/node_modules missing: make node-deps)"
    request = {"credential": document, "seedHex": SEED.hex(), "iterations": iterations}
    try:
        completed = subprocess.run(
            ["node", str(JS_DIR / "bench.mjs")],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            timeout=600,
            cwd=JS_DIR,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"n/a ({exc})"
    if completed.returncode != 0:
        return f"n/a (node failed: {completed.stderr.strip()[-300:]})"
    result = json.loads(completed.stdout)
    assert isinstance(result, dict)
    return result


def measure(seconds: float, js_iterations: int) -> dict[str, Any]:
    """Run every measurement; return a JSON-ready result."""
    private_key = Ed25519PrivateKey.from_private_bytes(SEED)
    public_key = private_key.public_key()
    mk = oracle.multikey(public_key)
    did = f"did:key:{mk}"
    vm = f"{did}#{mk}"
    document = bench_credential(did)
    size = len(json.dumps(document, separators=(",", ":")))
    rows: dict[str, dict[str, Any]] = {}
    checks: dict[str, Any] = {}

    digest = hashlib.sha256(b"proof").digest() + hashlib.sha256(b"document").digest()
    signature = private_key.sign(digest)
    rows["ed25519"] = {
        "sign": rate(lambda: private_key.sign(digest), seconds / 3, minimum=100)[0],
        "verify": rate(lambda: public_key.verify(signature, digest), seconds / 3, minimum=100)[0],
    }

    pyld_signed = oracle.sign(document, private_key, vm, CREATED)
    rows["pyld"] = {
        "sign": rate(lambda: oracle.sign(document, private_key, vm, CREATED), seconds)[0],
        "verify": rate(lambda: oracle.verify(pyld_signed, public_key), seconds)[0],
    }

    microcred = _microcred()
    if isinstance(microcred, str):
        rows["microcred"] = {"sign": microcred, "verify": microcred}
    else:
        sign_credential, verify_credential, signing_key_cls = microcred
        key = signing_key_cls(private_key)
        created = datetime(2025, 5, 20, 14, 30, tzinfo=UTC)

        def ours_sign() -> dict[str, Any]:
            signed: dict[str, Any] = sign_credential(
                document, key=key, verification_method=vm, created=created
            )
            return signed

        try:
            ours_signed = ours_sign()
            report = verify_credential(ours_signed)
            checks["microcred verifies its own"] = report.verdict.value
            checks["pyld verifies microcred's"] = oracle.verify(ours_signed, public_key)
            checks["microcred verifies pyld's"] = verify_credential(pyld_signed).verdict.value
            checks["same proofValue as pyld"] = ours_signed["proof"] == pyld_signed["proof"]
            rows["microcred"] = {
                "sign": rate(ours_sign, seconds)[0],
                "verify": rate(lambda: verify_credential(ours_signed), seconds)[0],
            }
        except Exception as exc:  # report what broke, keep the other rows
            rows["microcred"] = {"sign": f"n/a ({type(exc).__name__}: {exc})", "verify": "n/a"}

    canonicalize = _canonicalize()
    if isinstance(canonicalize, str):
        checks["canonical N-Quads identical to pyld"] = canonicalize
    else:
        try:
            ours = canonicalize(document)
            checks["canonical N-Quads identical to pyld"] = ours == oracle.canonize(document)
            rows["canonicalize only"] = {
                "microcred": rate(lambda: canonicalize(document), seconds / 2)[0],
                "pyld": rate(lambda: oracle.canonize(document), seconds / 2)[0],
            }
        except Exception as exc:
            checks["canonical N-Quads identical to pyld"] = f"n/a ({type(exc).__name__}: {exc})"

    js = run_js(document, js_iterations)
    if isinstance(js, str):
        rows["js"] = {"sign": js, "verify": js}
    else:
        rows["js"] = {"sign": js["sign_per_s"], "verify": js["verify_per_s"]}
        checks["js verified its own"] = js["verified"]

    return {
        "credential_bytes": size,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "rows": rows,
        "checks": checks,
    }


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:10.1f}"
    return f"{'n/a':>10}"


def report(result: dict[str, Any]) -> str:
    """A plain-text table: operations per second and ratios to PyLD."""
    rows = result["rows"]
    lines = [
        f"eddsa-rdfc-2022 sign/verify, {result['credential_bytes']} byte OpenBadgeCredential "
        f"(Python {result['python']}, {result['machine']})",
        "",
        f"{'implementation':<12} {'sign/s':>10} {'verify/s':>10} {'sign vs pyld':>13} {'verify vs pyld':>15}",
    ]
    base = rows["pyld"]
    for name in ("microcred", "pyld", "js", "ed25519"):
        row = rows.get(name, {})
        ratios = []
        for op in ("sign", "verify"):
            value = row.get(op)
            ratios.append(f"{value / base[op]:.2f}x" if isinstance(value, float) else "n/a")
        lines.append(
            f"{name:<12} {_fmt(row.get('sign'))} {_fmt(row.get('verify'))} {ratios[0]:>13} {ratios[1]:>15}"
        )
    if "canonicalize only" in rows:
        canon = rows["canonicalize only"]
        lines.append("")
        lines.append(
            f"canonicalize only: microcred {canon['microcred']:.1f}/s, pyld {canon['pyld']:.1f}/s "
            f"({canon['microcred'] / canon['pyld']:.2f}x)"
        )
    lines.append("")
    lines.extend(f"{name}: {value}" for name, value in result["checks"].items())
    notes = {
        f"{name} {op}: {value}"
        for name, row in rows.items()
        for op, value in row.items()
        if isinstance(value, str) and value != "n/a"
    }
    lines.extend(sorted(notes))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seconds",
        type=float,
        default=float(os.environ.get("BENCH_SECONDS", "3")),
        help="time per Python measurement",
    )
    parser.add_argument(
        "--js-iterations",
        type=int,
        default=int(os.environ.get("BENCH_JS_ITERATIONS", "200")),
        help="iterations inside the Node process",
    )
    parser.add_argument("--json", action="store_true", help="print the raw result as JSON")
    args = parser.parse_args(argv)
    result = measure(args.seconds, args.js_iterations)
    print(json.dumps(result, indent=2, default=str) if args.json else report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
