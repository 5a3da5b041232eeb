"""Sign/verify throughput of ``eddsa-rdfc-2022`` Open Badges 3.0 credentials, four ways, in one run.

Usage: ``python -m bench.bench_sign_verify [--seconds S] [--rounds R] [--js-iterations N] [--json |
--markdown]`` from the repository root; ``make bench`` / ``python -m bench`` runs it with the defaults,
which the environment variables ``BENCH_SECONDS``, ``BENCH_ROUNDS`` and ``BENCH_JS_ITERATIONS`` override.

Implementations, all on the same realistic ~3.4 KB OpenBadgeCredential (achievement with alignment,
criteria, result descriptions and rubric, results, evidence, hashed identifier, status entry):

* ``ours`` -- ``microcred.openbadges``, at two levels:
  - proof only, the same work as the baselines: ``eddsa_rdfc_2022.create_proof`` (canonicalize document
    and proof options, hash, Ed25519 sign; safe mode) and ``verify_proof`` (did:key resolved, canonicalize,
    hash, Ed25519 verify);
  - the library calls: ``issue.sign_credential`` (adds a copy of the credential) and
    ``verify.verify_credential`` (the full report: parse, @context, type, dropped terms, JSON Schema,
    issuer, subject, key, controller, purpose, signature, validity dates, status, embedded credentials);
* ``pyld`` -- PyLD URDNA2015 + ``cryptography`` Ed25519 (``tests/interop/oracle.py``): proof only;
* ``js`` -- Digital Bazaar's stack in one Node process (``tests/interop/js/bench.mjs``, no start-up in the
  timings): ``jsonld-signatures`` sign/verify (proof only) and ``@digitalbazaar/vc`` issue /
  verifyCredential (with its own credential checks; status check stubbed);
* ``ed25519`` -- bare ``cryptography`` Ed25519 sign/verify of a 64-byte hash (the floor).

The machine is shared and noisy, so the measurements run in interleaved rounds (every implementation once
per round, the Node process included) and the table shows the median rate of each, and each ratio as the
median of the per-round ratios. Also checked in the run: the canonical N-Quads of ours, PyLD and
jsonld.js are identical, every implementation verifies the others' signatures, and the proof values are
equal (Ed25519 is deterministic). A failed check makes the script exit with status 1. Missing pieces
(e.g. no ``node_modules``) are shown as ``n/a``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
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

from tests.interop import oracle  # noqa: E402 - after the sys.path set-up
from tests.openbadges.models import samples  # noqa: E402

from microcred.openbadges.canon import canonicalize  # noqa: E402
from microcred.openbadges.issue import sign_credential  # noqa: E402
from microcred.openbadges.keys import SigningKey  # noqa: E402
from microcred.openbadges.keys.resolver import default_resolver  # noqa: E402
from microcred.openbadges.proofs.data_integrity import ProofOptions, without_proof  # noqa: E402
from microcred.openbadges.proofs.eddsa_rdfc_2022 import CRYPTOSUITE, create_proof, verify_proof  # noqa: E402
from microcred.openbadges.verify import Verdict, verify_credential  # noqa: E402

warnings.filterwarnings("ignore", category=DeprecationWarning)

SEED = bytes.fromhex("9b937b81322d816cfab9d5a3baacc9b2a5febe4b149f126b3630f93a29527017")
CREATED = datetime(2025, 5, 20, 14, 30, tzinfo=UTC)
CREATED_TEXT = "2025-05-20T14:30:00Z"
JS_DIR = ROOT / "tests" / "interop" / "js"

#: Table rows: label, then the measurement of ours, pyld, js and bare Ed25519 it is compared with.
ROWS: list[tuple[str, str, str, str, str | None]] = [
    ("sign, proof only", "ours.proof_sign", "pyld.sign", "js.proof_sign", "ed25519.sign"),
    ("sign_credential", "ours.sign_credential", "pyld.sign", "js.vc_issue", "ed25519.sign"),
    ("verify, proof only", "ours.proof_verify", "pyld.verify", "js.proof_verify", "ed25519.verify"),
    ("verify_credential (full)", "ours.verify_credential", "pyld.verify", "js.vc_verify", "ed25519.verify"),
    ("canonicalize only", "ours.canonicalize", "pyld.canonize", "js.canonize", None),
]
#: The issue's targets (like-for-like, proof-only rows): minimum speed-up over pyld and over JS.
TARGETS = {"sign, proof only": (20.0, 15.0), "verify, proof only": (15.0, 15.0)}


def bench_credential(issuer_id: str) -> dict[str, Any]:
    """The benchmark credential (~3.4 KB of compact JSON), issued by ``issuer_id``."""
    issuer = samples.Profile(id=issuer_id, name="Example State University", url="https://www.example.edu")
    credential = samples.achievement_credential(issuer=issuer).model_copy(update={"description": None})
    document = credential.to_dict()
    achievement = document["credentialSubject"]["achievement"]
    achievement["creator"] = {"id": issuer_id, "type": ["Profile"]}
    del achievement["image"]
    return document


def rate(operation: Callable[[], object], seconds: float, minimum: int = 5) -> float:
    """Operations per second over at least ``minimum`` runs and about ``seconds`` of wall time."""
    count = 0
    start = time.perf_counter()
    while True:
        operation()
        count += 1
        elapsed = time.perf_counter() - start
        if count >= minimum and elapsed >= seconds:
            return count / elapsed


def machine() -> dict[str, Any]:
    """Facts about the machine: CPU count and model, load averages (1, 5, 15 min), Python."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "load": [round(value, 2) for value in os.getloadavg()],
        "python": platform.python_version(),
        "arch": platform.machine(),
    }


class JsBench:
    """The Node process running ``bench.mjs``: set up once (warm-up, cross-checks), then timed rounds."""

    def __init__(self, setup: dict[str, Any]) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.setup: dict[str, Any] | str
        if not (JS_DIR / "node_modules" / "@digitalbazaar" / "vc").is_dir():
            self.setup = "n/a (tests/interop/js/node_modules missing: make node-deps)"
            return
        try:
            self.process = subprocess.Popen(
                ["node", str(JS_DIR / "bench.mjs")],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=JS_DIR,
            )
        except OSError as exc:
            self.setup = f"n/a ({exc})"
            return
        self.setup = self.ask(setup)

    def ask(self, request: dict[str, Any]) -> dict[str, Any] | str:
        """Send one request line, read one answer line (or a short ``n/a (...)`` explanation)."""
        if self.process is None or self.process.stdin is None or self.process.stdout is None:
            return "n/a (node is not running)"
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
        except OSError as exc:
            return f"n/a (node: {exc})"
        if not line:
            error = self.process.stderr.read() if self.process.stderr else ""
            return f"n/a (node failed: {error.strip()[-300:]})"
        answer = json.loads(line)
        if not isinstance(answer, dict) or answer.get("error"):
            return f"n/a (node: {answer.get('error') if isinstance(answer, dict) else answer})"
        return answer

    def close(self) -> None:
        """End the Node process (it exits when its standard input closes)."""
        if self.process is not None:
            if self.process.stdin is not None:
                self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def measure(seconds: float, rounds: int, js_iterations: int) -> dict[str, Any]:
    """Run the cross-checks and ``rounds`` interleaved rounds of measurements; return a JSON-ready result."""
    load_before = machine()["load"]
    private_key = Ed25519PrivateKey.from_private_bytes(SEED)
    public_key = private_key.public_key()
    multikey = oracle.multikey(public_key)
    method = f"did:key:{multikey}#{multikey}"
    document = bench_credential(method.split("#")[0])
    key = SigningKey(private_key)
    resolver = default_resolver()
    options = ProofOptions(verification_method=method, cryptosuite=CRYPTOSUITE, created=CREATED).to_dict()
    digest = hashlib.sha256(b"proof").digest() + hashlib.sha256(b"document").digest()
    signature = private_key.sign(digest)

    # -- cross-checks (also the warm-up: contexts loaded, schema compiled, caches filled) -----------------
    ours_signed = sign_credential(document, key=key, verification_method=method, created=CREATED)
    ours_proof = ours_signed["proof"][0]
    pyld_signed = oracle.sign(document, private_key, method, CREATED_TEXT)
    ours_canonical = canonicalize(document)
    checks: dict[str, Any] = {
        "canonical N-Quads: ours == pyld": ours_canonical == oracle.canonize(document),
        "ours verifies its own (full report)": verify_credential(ours_signed).verdict is Verdict.VALID,
        "ours verifies pyld's (full report)": verify_credential(pyld_signed).verdict is Verdict.VALID,
        "pyld verifies ours": oracle.verify(ours_signed, public_key),
        "proofValue: ours == pyld": ours_proof["proofValue"] == pyld_signed["proof"][0]["proofValue"],
        "ours proof-only verify": verify_proof(ours_signed, ours_proof, public_key),
    }
    js = JsBench(
        {"credential": document, "seedHex": SEED.hex(), "created": CREATED_TEXT, "theirs": ours_signed}
    )
    if isinstance(js.setup, dict):
        js_signed = js.setup["signed"]
        checks["canonical N-Quads: ours == jsonld.js"] = ours_canonical == js.setup["canonical"]
        checks["JS verifies ours"] = js.setup["verifies_theirs"]
        checks["ours verifies JS's (full report)"] = verify_credential(js_signed).verdict is Verdict.VALID
        checks["pyld verifies JS's"] = oracle.verify(js_signed, public_key)
        js_proofs = js_signed["proof"] if isinstance(js_signed["proof"], list) else [js_signed["proof"]]
        checks["proofValue: ours == JS"] = ours_proof["proofValue"] == js_proofs[0]["proofValue"]

    def ours_proof_verify() -> bool:
        resolved = resolver.resolve(ours_proof["verificationMethod"])
        return verify_proof(ours_signed, ours_proof, resolved.public_key)

    python_operations: dict[str, tuple[Callable[[], object], float]] = {
        "ed25519.sign": (lambda: private_key.sign(digest), seconds / 3),
        "ed25519.verify": (lambda: public_key.verify(signature, digest), seconds / 3),
        "pyld.sign": (lambda: oracle.sign(document, private_key, method, CREATED_TEXT), seconds),
        "pyld.verify": (lambda: oracle.verify(pyld_signed, public_key), seconds),
        "pyld.canonize": (lambda: oracle.canonize(document), seconds / 2),
        "ours.proof_sign": (lambda: create_proof(without_proof(document), options, key, safe=True), seconds),
        "ours.sign_credential": (
            lambda: sign_credential(document, key=key, verification_method=method, created=CREATED),
            seconds,
        ),
        "ours.proof_verify": (ours_proof_verify, seconds),
        "ours.verify_credential": (lambda: verify_credential(ours_signed), seconds),
        "ours.canonicalize": (lambda: canonicalize(document), seconds / 2),
    }
    samples_: dict[str, list[float]] = {name: [] for name in python_operations}
    js_note: str | None = js.setup if isinstance(js.setup, str) else None
    try:
        for _ in range(rounds):
            for name, (operation, budget) in python_operations.items():
                samples_[name].append(rate(operation, budget))
            if js_note is None:
                answer = js.ask({"iterations": js_iterations})
                if isinstance(answer, str):
                    js_note = answer
                    continue
                checks["JS verified every round"] = bool(answer.pop("verified")) and checks.get(
                    "JS verified every round", True
                )
                for name, value in answer.items():
                    samples_.setdefault(f"js.{name}", []).append(float(value))
    finally:
        js.close()
    return {
        "credential_bytes": len(json.dumps(document, separators=(",", ":"))),
        "rounds": rounds,
        "seconds": seconds,
        "js_iterations": js_iterations,
        "machine": {**machine(), "load_before": load_before},
        "samples": samples_,
        "checks": checks,
        "notes": [f"js: {js_note}"] if js_note else [],
    }


def _median(values: list[float] | None) -> float | None:
    return statistics.median(values) if values else None


def _ratio(result: dict[str, Any], ours: str, other: str | None) -> float | None:
    """Median over the rounds of ours / other (rounds where both were measured)."""
    samples_ = result["samples"]
    if other is None or not samples_.get(ours) or not samples_.get(other):
        return None
    return statistics.median(a / b for a, b in zip(samples_[ours], samples_[other], strict=False))


def table(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One dict per row: label, median rates and median per-round ratios (None where not measured)."""
    rows = []
    for label, ours, pyld, js, ed25519 in ROWS:
        median = {name: _median(result["samples"].get(name)) for name in (ours, pyld, js, ed25519) if name}
        rows.append(
            {
                "operation": label,
                "ours": median[ours],
                "pyld": median[pyld],
                "js": median[js],
                "ed25519": median.get(ed25519) if ed25519 else None,
                "vs_pyld": _ratio(result, ours, pyld),
                "vs_js": _ratio(result, ours, js),
                "vs_ed25519": _ratio(result, ours, ed25519),
            }
        )
    return rows


def verdicts(rows: list[dict[str, Any]]) -> list[str]:
    """Whether each target of the issue is met."""
    lines = []
    for row in rows:
        if row["operation"] in TARGETS:
            for base, minimum in zip(("pyld", "js"), TARGETS[row["operation"]], strict=True):
                ratio = row[f"vs_{base}"]
                if ratio is None:
                    lines.append(f"{row['operation']} >= {minimum:g}x {base}: not measured")
                else:
                    status = "met" if ratio >= minimum else "NOT MET"
                    lines.append(f"{row['operation']} >= {minimum:g}x {base}: {status} ({ratio:.1f}x)")
    return lines


def _number(value: float | None, suffix: str = "", digits: int = 0) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}{suffix}"


def report(result: dict[str, Any], *, markdown: bool = False) -> str:
    """The table (plain text or Markdown), the target verdicts, the checks and the machine."""
    rows = table(result)
    header = ["operation", "ours/s", "pyld/s", "JS/s", "Ed25519/s", "vs pyld", "vs JS", "vs Ed25519"]
    cells = [
        [
            row["operation"],
            _number(row["ours"]),
            _number(row["pyld"]),
            _number(row["js"], digits=1),
            _number(row["ed25519"]),
            _number(row["vs_pyld"], "x", 1),
            _number(row["vs_js"], "x", 1),
            _number(row["vs_ed25519"], "x", 3),
        ]
        for row in rows
    ]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cell) + " |" for cell in cells]
    else:
        widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(header))]
        lines = [
            "  ".join(
                text.ljust(width) if i == 0 else text.rjust(width)
                for i, (text, width) in enumerate(zip(line, widths, strict=True))
            )
            for line in [header, *cells]
        ]
    info = result["machine"]
    load_before, load_after = ("/".join(map(str, info[name])) for name in ("load_before", "load"))
    lines = [
        f"eddsa-rdfc-2022, {result['credential_bytes']}-byte OpenBadgeCredential: median of "
        f"{result['rounds']} interleaved rounds ({result['seconds']:g} s per Python measurement, "
        f"{result['js_iterations']} JS iterations per operation); ratios are medians of per-round ratios",
        "",
        *lines,
        "",
        *verdicts(rows),
        "",
        *(f"check: {name}: {'ok' if value is True else value}" for name, value in result["checks"].items()),
        *result["notes"],
        "",
        f"machine: {info['nproc']} CPUs, {info['cpu']}, Python {info['python']} ({info['arch']}); "
        f"load average (1/5/15 min) {load_before} before, {load_after} after",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table (or JSON); 1 if a cross-check failed."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--seconds",
        type=float,
        default=float(os.environ.get("BENCH_SECONDS", "1")),
        help="time per Python measurement per round",
    )
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "5")))
    parser.add_argument(
        "--js-iterations",
        type=int,
        default=int(os.environ.get("BENCH_JS_ITERATIONS", "40")),
        help="iterations of each operation per round inside the Node process",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the raw result as JSON")
    output.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args(argv)
    result = measure(args.seconds, args.rounds, args.js_iterations)
    if args.json:
        print(json.dumps({**result, "table": table(result)}, indent=2, default=str))
    else:
        print(report(result, markdown=args.markdown))
    failed = [name for name, value in result["checks"].items() if value is not True]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
