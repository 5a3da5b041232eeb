"""Awarding throughput: a CSV of completions imported, evaluated, awarded, signed and stored, per database.

Usage, from the repository root::

    python -m bench.bench_awarding [--learners N] [--completions M] [--db sqlite,postgres] [--quick]
                                   [--baseline-seconds S] [--file-rows R] [--issue-chunk A]
                                   [--workers N] [--timers] [--profile [--profile-dir D]]
                                   [--keep-db] [--save-json PATH] [--markdown | --json]

Defaults: the issue's size (100,000 learners, 500,000 completions) on SQLite and PostgreSQL; ``--quick``
is 5,000 learners / 25,000 completions. ``python -m bench awarding`` runs it with the defaults
(``BENCH_AWARDING_LEARNERS`` / ``BENCH_AWARDING_DB`` override them there).

What happens, per database, in a fresh interpreter (so settings and caches are the database's own):

* set-up, not timed: a fresh database (SQLite file in a temporary directory; PostgreSQL database
  ``microcred_bench_<pid>`` on 127.0.0.1:5432 as ``postgres``, dropped at the end unless ``--keep-db``;
  skipped with a message when the server is unreachable), migrated; one institution, a unit, 20 courses,
  five published micro-credentials (four "all of 3 courses", one stack of two of them), the learners
  (users + learner records, bulk-created) and their 1-2 enrollments each. ``bench/awarding_data.py`` has
  the mix.
* the CSV (written once by the parent process; deterministic seed) has the learners' results term by term,
  as a student information system exports them: ~78% passed, 18% failed, 4% in progress, enough to earn
  ~1.1 awards per learner (one each, plus the Artificial Intelligence stack in cascade for 10%). It is cut
  into files of ``--file-rows`` rows (100,000 by default, ~4 MB: uploads are limited to 5 MB), imported
  one after the other, each in one transaction, as ``learners.imports.import_completions`` does.
* timed phases (``time.perf_counter``), per file, summed:
  1. **import**: ``core.csvfile.read_csv``, the rule book and ``learners.imports.plan_completions``
     (resolve learners and courses, check every value, duplicates, what each row does; as the confirmed
     import runs it, without the dry-run preview's evaluation of the badges it would award): rows/s;
  2. **save + award**: ``learners.bulk.save_completion_rows`` (lock the learners, upsert the completions,
     evaluate with the requirement engine, create awards, events and stack enrollments) and the commit:
     rows/s. 1 and 2 are the body of ``imports.save_completions``, with the clock split in the middle;
  3. **sign + store**: ``awards.bulk.issue_credentials`` in chunks of ``--issue-chunk`` award ids, in the
     order the save scheduled them (grouped by version, as the signing tasks get them) (build
     each OB 3.0 credential, sign it, store it, record the event, queue one e-mail per learner): awards/s.
  End to end: awards created / the three phases' time.
* baseline, same run, same process, same key: the engine's bare signing rate, ``openbadges.issue.
  sign_credential`` of one award's credential as issuing builds it (without its proof), sampled before,
  three times during (between issuing chunks, clock stopped) and after the signing phase; the median
  sample is the baseline, and the ratio end-to-end awards/s / bare signing/s is what the target
  (>= 0.5 on PostgreSQL) applies to.

``awards.bulk`` signs new awards after the saving transaction commits; the bench collects those award ids
instead (``defer_issuing``) and signs them as phase 3 with the same ``issue_credentials``. Tasks use
django-tasks' dummy backend (cleared after each file and chunk; mail never leaves); ``DEBUG`` is off (no
query log). Reading and saving a file, and issuing, run with Python's cyclic garbage collector paused, as
``import_completions`` and ``issue_credentials`` run them (``core.gcpause``), and so does the baseline.

``--workers N`` measures the production layout instead: the database task backend and N ``db_worker``
processes on the queue "awards", started before the clock; each file's commit enqueues its signing tasks,
which the workers run while this process imports the next file. Phase 3 is then the tail, from the last
commit to the last signed credential, and end to end is the wall time from the first file to the last
credential; the baseline is sampled five times after it, in this process. ``--timers`` adds up the wall
time of the main steps (and of commits and garbage collections) without a profiler; ``--profile`` runs
each phase under cProfile (slower; stats on stderr, ``.prof`` files in ``--profile-dir``). Checked in the run
(exit status 1 if not): the number of awards is the one the data was built for, the awards the save
returned are the ones scheduled for issuing, every award has a signed credential, and a sample of 20
proofs verifies against the institution's key.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import awarding_data as data  # noqa: E402

UNUSABLE = "!"  # an unusable password hash: the bench's people never sign in
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
FULL = (100_000, 500_000)
QUICK = (5_000, 25_000)
TARGET = 0.5  # end-to-end awards/s ÷ bare signing/s, on PostgreSQL


def machine() -> dict[str, Any]:
    """CPU count and model, load averages (1, 5, 15 min), Python."""
    model = "unknown"
    with contextlib.suppress(OSError):  # no /proc/cpuinfo: the model stays "unknown"
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "load": [round(value, 2) for value in os.getloadavg()],
        "python": platform.python_version(),
    }


# The parent: data, databases, one worker process per database, the report --------------------------------


def pg_admin(sql: str) -> str | None:
    """Run one statement on the server's ``postgres`` database; an error message, or None."""
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - psycopg is a dependency
        return str(exc)
    try:
        with psycopg.connect(dbname="postgres", connect_timeout=5, autocommit=True, **PG) as conn:
            conn.execute(sql)  # type: ignore[arg-type]
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0]
    return None


def run_worker(db: str, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "microcred.config.settings",
            "MICROCRED_DEBUG": "0",
            "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-0123456789",
            "MICROCRED_KEY_ENCRYPTION_KEY": "YmVuY2gtb25seS1rZXktZW5jcnlwdGlvbi1rZXktMzI=",
            "MICROCRED_PUBLIC_URL": "https://badges.example.edu",
            "MICROCRED_DATA_DIR": str(work / f"data-{db}"),
            "MICROCRED_TASK_BACKEND": (
                "django_tasks_db.DatabaseBackend"
                if args.workers
                else "django_tasks.backends.dummy.DummyBackend"
            ),
            "MICROCRED_LOG_LEVEL": "WARNING",
            "EMAIL_URL": "locmem://",
        }
    )
    dropped: str | None = None
    if db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    else:
        name = f"microcred_bench_{os.getpid()}"
        problem = pg_admin(f'CREATE DATABASE "{name}"')
        if problem is not None:
            return {"db": db, "skipped": f"PostgreSQL at {PG['host']}:{PG['port']} unusable: {problem}"}
        env["DATABASE_URL"] = f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}"
        dropped = name
    command = [
        sys.executable,
        "-m",
        "bench.bench_awarding",
        "--worker",
        db,
        "--csv-dir",
        str(work),
        "--enrollments",
        str(work / "enrollments.json"),
        "--learners",
        str(args.learners),
        "--completions",
        str(args.completions),
        "--expected-awards",
        str(args.expected_awards),
        "--baseline-seconds",
        str(args.baseline_seconds),
        "--file-rows",
        str(args.file_rows),
        "--issue-chunk",
        str(args.issue_chunk),
    ]
    if args.workers:
        command += ["--workers", str(args.workers)]
    if args.timers:
        command.append("--timers")
    if args.profile:
        command += ["--profile", "--profile-dir", str(args.profile_dir or work)]
    try:
        completed = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False)
    finally:
        if dropped is not None and args.keep_db:
            print(f"[{db}] kept the database {dropped} (--keep-db): drop it with dropdb", file=sys.stderr)
        elif dropped is not None:
            pg_admin(f'DROP DATABASE IF EXISTS "{dropped}" WITH (FORCE)')
    result: dict[str, Any] = {"db": db, "exit": completed.returncode}
    for line in completed.stdout.splitlines():
        if line.startswith("RESULT "):
            result.update(json.loads(line[len("RESULT ") :]))
        else:
            print(line, flush=True)
    if completed.returncode and "phases" not in result:
        result["failed"] = f"worker exited with {completed.returncode}"
    return result


def parent(args: argparse.Namespace) -> int:
    dbs = [db.strip() for db in args.db.split(",") if db.strip()]
    unknown = set(dbs) - {"sqlite", "postgres"}
    if unknown:
        raise SystemExit(f"unknown --db {', '.join(sorted(unknown))} (sqlite, postgres)")
    started = datetime.now(UTC)
    before = machine()
    with tempfile.TemporaryDirectory(prefix="microcred-bench-") as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        plan = data.plan(args.learners, args.completions)
        size = 0
        files = 0
        for files, start in enumerate(range(0, len(plan.rows), args.file_rows), start=1):
            part = plan.rows[start : start + args.file_rows]
            size += data.write_csv(work / f"completions-{files:03d}.csv", part, header=CSV_HEADER)
        args.csv_files = files
        (work / "enrollments.json").write_text(json.dumps(plan.enrollments))
        args.expected_awards = plan.expected_awards
        print(
            f"data: {args.learners:,} learners ({plan.kinds}), {len(plan.rows):,} rows, "
            f"{size / 1e6:.1f} MB of CSV in {files} files, {plan.expected_awards:,} awards expected "
            f"({time.perf_counter() - t0:.1f} s, not timed)",
            file=sys.stderr,
            flush=True,
        )
        results = []
        for db in dbs:
            print(f"-- {db}", file=sys.stderr, flush=True)
            results.append(run_worker(db, args, work))
    report = {
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine_before": before,
        "machine_after": machine(),
        "learners": args.learners,
        "completions": len(plan.rows),
        "csv_bytes": size,
        "csv_files": files,
        "expected_awards": plan.expected_awards,
        "results": results,
    }
    if args.save_json:
        Path(args.save_json).write_text(json.dumps(report, indent=2))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(render(report, markdown=args.markdown))
    return int(any(r.get("failed") or r.get("exit") for r in results))


def _fmt_rate(value: float | None, unit: str) -> str:
    return "—" if value is None else f"{value:,.0f} {unit}"


def render(report: dict[str, Any], *, markdown: bool) -> str:
    lines: list[str] = []
    m0, m1 = report["machine_before"], report["machine_after"]
    lines.append(
        f"{report['learners']:,} learners, {report['completions']:,} completions "
        f"({report['csv_bytes'] / 1e6:.1f} MB of CSV in {report['csv_files']} files), "
        f"{report['expected_awards']:,} awards expected; "
        f"{report['started']} → {report['finished']}; nproc {m0['nproc']}, {m0['cpu']}, Python "
        f"{m0['python']}; load {'/'.join(map(str, m0['load']))} before, "
        f"{'/'.join(map(str, m1['load']))} after"
    )
    for result in report["results"]:
        lines.append("")
        if "skipped" in result:
            lines.append(f"{result['db']}: skipped — {result['skipped']}")
            continue
        if "phases" not in result:
            lines.append(f"{result['db']}: FAILED — {result.get('failed')}")
            continue
        lines.append(f"{result['db']}:")
        rows = [("phase", "seconds", "share", "rate")]
        total = result["total_seconds"]
        for phase in result["phases"]:
            rows.append(
                (
                    phase["label"],
                    f"{phase['seconds']:.1f}",
                    f"{100 * phase['seconds'] / total:.1f}%",
                    _fmt_rate(phase["rate"], phase["unit"]),
                )
            )
        rows.append(
            (
                "end to end",
                f"{total:.1f}",
                "100%",
                _fmt_rate(result["awards_per_second"], "awards/s"),
            )
        )
        if markdown:
            lines.append("| " + " | ".join(rows[0]) + " |")
            lines.append("|---|---|---|---|")
            lines.extend("| " + " | ".join(r) + " |" for r in rows[1:])
        else:
            widths = [max(len(r[i]) for r in rows) for i in range(4)]
            for r in rows:
                lines.append(
                    "  "
                    + "  ".join(
                        c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(r, widths, strict=True))
                    )
                )
        base = result["bare_signing"]
        ratio = result["ratio"]
        target = "met" if ratio >= TARGET else "NOT met"
        lines.append("")
        lines.append(
            f"  awards created {result['awards']:,} ({result['stack_awards']:,} stacks); "
            f"end to end {result['awards_per_second']:,.0f} awards/s; bare sign_credential "
            f"{base['median']:,.0f}/s (samples {', '.join(f'{s:,.0f}' for s in base['samples'])}); "
            f"ratio {ratio:.3f} (target ≥ {TARGET}{' on PostgreSQL' if result['db'] != 'postgres' else ''}: "
            f"{target if result['db'] == 'postgres' else 'for reference'})"
        )
        if result.get("workers"):
            lines.append(
                f"  production layout: {result['workers']} db_worker process(es) signing while this process "
                f"imports; {result['task_seconds']:.1f} s of signing-task time in all"
            )
        if result.get("checks"):
            lines.append(f"  checks: {result['checks']}")
        if result.get("server"):
            lines.append("  server: " + ", ".join(f"{k} {v}" for k, v in result["server"].items()))
    return "\n".join(lines)


def server_settings() -> dict[str, str]:
    """PostgreSQL's version and the settings the figures depend on most (the server's own configuration:
    the bench changes none); nothing for SQLite."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        out = {}
        for name in ("server_version", "shared_buffers", "max_wal_size", "synchronous_commit"):
            cursor.execute(f"SHOW {name}")
            out[name] = cursor.fetchone()[0]
    return out


# The worker: one database ---------------------------------------------------------------------------------

#: The CSV header the import expects (see ``learners.imports``), in ``awarding_data.COLUMNS`` order.
CSV_HEADER = ["institutional_id", "course_code", "completed_on", "result", "grade", "hours"]


def setup_database(enrollments: list[list[str]]) -> dict[str, Any]:
    """Migrate, then the catalog, the learners and their enrollments (bulk ORM writes; not timed)."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from microcred.accounts.models import User
    from microcred.catalog.models import Course, MicroCredential, MicroCredentialVersion
    from microcred.institutions.models import Institution, Membership, OrgUnit
    from microcred.learners.models import Enrollment, Learner

    call_command("migrate", verbosity=0, interactive=False)
    now = timezone.now()
    with transaction.atomic():
        institution = Institution.objects.create(name="Benchmark State University", slug="bench")
        unit = OrgUnit.objects.create(institution=institution, name="School of Computing", kind="department")
        staff = User.objects.create(
            email="registrar@bench.example.edu", full_name="Rita Registrar", password=UNUSABLE
        )
        Membership.objects.create(user=staff, institution=institution, role="registrar")
        courses = {
            course.code: course
            for course in Course.objects.bulk_create(
                Course(
                    institution=institution,
                    unit=unit,
                    code=code,
                    title=title,
                    credit_hours=credits,
                    contact_hours=contact,
                )
                for code, title, credits, contact in data.COURSES
            )
        }
        credentials: dict[str, MicroCredential] = {}
        versions: dict[str, MicroCredentialVersion] = {}
        for spec in data.CREDENTIALS:
            credential = MicroCredential.objects.create(institution=institution, unit=unit, slug=spec.slug)
            credentials[spec.slug] = credential
            if spec.courses:
                items = [{"kind": "course", "course_id": courses[code].pk} for code in spec.courses]
                credit_hours = sum(courses[code].credit_hours or 0 for code in spec.courses)
            else:
                items = [
                    {"kind": "credential", "micro_credential_id": credentials[slug].pk} for slug in spec.parts
                ]
                credit_hours = 0
            versions[spec.slug] = MicroCredentialVersion.objects.create(
                micro_credential=credential,
                number=1,
                status="published",
                title=spec.title,
                summary=f"{spec.title}: a focused, stackable program of the School of Computing.",
                purpose="Prepare learners for roles that need these skills now.",
                requirements={"kind": "group", "rule": "all", "items": items},
                credit_hours_min=credit_hours,
                credit_hours_max=credit_hours,
                criteria=f"Pass every course of {spec.title}.",
                validity_months=spec.validity_months,
                published_at=now,
            )
        users = User.objects.bulk_create(
            (
                User(
                    email=f"{who.lower()}@learners.example.edu", full_name=f"Learner {who}", password=UNUSABLE
                )
                for who in (data.learner_id(n + 1) for n in range(len(enrollments)))
            ),
            batch_size=5000,
        )
        learners = Learner.objects.bulk_create(
            (
                Learner(institution=institution, user_id=user.pk, institutional_id=data.learner_id(n + 1))
                for n, user in enumerate(users)
            ),
            batch_size=5000,
        )
        Enrollment.objects.bulk_create(
            (
                Enrollment(
                    learner_id=learner.pk,
                    micro_credential_id=credentials[slug].pk,
                    version_id=versions[slug].pk,
                    source="csv",
                    enrolled_by=staff,
                )
                for learner, slugs in zip(learners, enrollments, strict=True)
                for slug in slugs
            ),
            batch_size=5000,
        )
    return {"institution": institution, "staff": staff, "versions": versions}


class Baseline:
    """The engine's bare signing rate: ``sign_credential`` of one award credential, same key, sampled."""

    def __init__(self, unsigned: dict[str, Any], signer: Any, seconds: float) -> None:
        self.unsigned = unsigned
        self.signer = signer
        self.seconds = seconds
        self.samples: list[float] = []

    def sample(self, seconds: float | None = None) -> float:
        from microcred.core.gcpause import collector_paused
        from microcred.openbadges.issue import sign_credential

        seconds = self.seconds if seconds is None else seconds
        signer, unsigned = self.signer, self.unsigned
        created = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
        count = 0
        with collector_paused():  # as issuing runs: the baseline gets every advantage the pipeline has
            start = time.perf_counter()
            while True:
                sign_credential(
                    unsigned, key=signer.key, verification_method=signer.verification_method, created=created
                )
                count += 1
                elapsed = time.perf_counter() - start
                if count >= 20 and elapsed >= seconds:
                    break
        self.samples.append(count / elapsed)
        return self.samples[-1]


class Phases:
    """Phase timings (``time.perf_counter``), optionally each under its own cProfile."""

    def __init__(self, profile_dir: Path | None) -> None:
        self.seconds: dict[str, float] = {}
        self.profile_dir = profile_dir
        self.profiles: dict[str, cProfile.Profile] = {}
        self._started: dict[str, float] = {}

    def start(self, name: str) -> None:
        if self.profile_dir is not None:
            self.profiles.setdefault(name, cProfile.Profile()).enable()
        self._started[name] = time.perf_counter()

    def stop(self, name: str) -> None:
        elapsed = time.perf_counter() - self._started.pop(name)
        if self.profile_dir is not None:
            self.profiles[name].disable()
        self.seconds[name] = self.seconds.get(name, 0.0) + elapsed

    @contextlib.contextmanager
    def timed(self, name: str) -> Iterator[None]:
        self.start(name)
        try:
            yield
        finally:
            self.stop(name)

    def run(self, name: str, function: Any, *args: Any, **kwargs: Any) -> Any:
        with self.timed(name):
            return function(*args, **kwargs)

    def dump(self) -> None:
        if self.profile_dir is None:
            return
        self.profile_dir.mkdir(parents=True, exist_ok=True)
        for name, profile in self.profiles.items():
            path = self.profile_dir / f"awarding-{os.environ.get('BENCH_DB', 'db')}-{name}.prof"
            profile.dump_stats(path)
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out).strip_dirs()
            stats.sort_stats("cumulative").print_stats(35)
            stats.sort_stats("tottime").print_stats(25)
            print(f"\n==== profile of {name} ({path})\n{out.getvalue()}", file=sys.stderr)


def worker(args: argparse.Namespace) -> int:
    import django

    os.environ["BENCH_DB"] = args.worker
    django.setup()
    from django.db import connection

    from microcred.awards.models import Award

    log = lambda message: print(f"[{args.worker}] {message}", file=sys.stderr, flush=True)  # noqa: E731
    t0 = time.perf_counter()
    enrollments = json.loads(Path(args.enrollments).read_text())
    made = setup_database(enrollments)
    institution, staff = made["institution"], made["staff"]
    log(
        f"set up {len(enrollments):,} learners, {sum(map(len, enrollments)):,} enrollments "
        f"on {connection.vendor} in {time.perf_counter() - t0:.1f} s (not timed)"
    )
    phases = Phases(Path(args.profile_dir) if args.profile else None)
    timers = time_steps() if args.timers else None
    if args.workers:
        run = overlapped(args, phases, institution=institution, staff=staff, log=log)
    else:
        run = sequential(args, phases, institution=institution, staff=staff, log=log)
    award_ids, baseline = run["award_ids"], run["baseline"]
    phases.dump()
    if timers is not None:
        log(
            "steps (wall seconds, calls): " + ", ".join(f"{k} {v[0]:.2f} s/{v[1]}" for k, v in timers.items())
        )

    # Checks.
    checks: dict[str, Any] = {}
    failures: list[str] = []
    total_awards = Award.objects.count()
    checks["awards"] = total_awards
    if total_awards != args.expected_awards:
        failures.append(f"{total_awards:,} awards, expected {args.expected_awards:,}")
    unsigned = Award.objects.filter(issued__isnull=True).count()
    checks["unsigned"] = unsigned
    if unsigned:
        failures.append(f"{unsigned:,} awards without a credential")
    checks["verified_sample"] = verify_sample(award_ids, failures)
    if len(award_ids) != total_awards:
        failures.append(f"save reported {len(award_ids):,} award ids, the database has {total_awards:,}")
    if run.get("task_failures"):
        failures.append(f"{len(run['task_failures'])} signing tasks failed: {run['task_failures'][0]}")
    stacks = Award.objects.filter(micro_credential__slug="artificial-intelligence").count()

    total, rows = run["total"], run["rows"]
    median = statistics.median(baseline.samples)
    result = {
        "vendor": connection.vendor,
        "phases": [
            {
                "name": "import",
                "label": "import: parse + validate CSV",
                "seconds": phases.seconds["import"],
                "rate": rows / phases.seconds["import"],
                "unit": "rows/s",
            },
            {
                "name": "save",
                "label": "save completions + evaluate + award",
                "seconds": phases.seconds["save"],
                "rate": rows / phases.seconds["save"],
                "unit": "rows/s",
            },
            {
                "name": "issue",
                "label": (
                    "sign + store: the tail after the last commit"
                    if args.workers
                    else "sign + store credentials"
                ),
                "seconds": phases.seconds["issue"],
                "rate": None if args.workers else len(award_ids) / phases.seconds["issue"],
                "unit": "awards/s",
            },
        ],
        "rows": rows,
        "created": run["created"],
        "updated": run["updated"],
        "unchanged": run["unchanged"],
        "workers": args.workers,
        "task_seconds": run.get("task_seconds"),
        "awards": len(award_ids),
        "stack_awards": stacks,
        "total_seconds": total,
        "awards_per_second": len(award_ids) / total,
        "bare_signing": {"median": median, "samples": baseline.samples},
        "ratio": (len(award_ids) / total) / median,
        "checks": {**checks, "failures": failures},
        "file_rows": args.file_rows,
        "issue_chunk": args.issue_chunk,
        "server": server_settings(),
    }
    print("RESULT " + json.dumps(result), flush=True)
    for failure in failures:
        log(f"CHECK FAILED: {failure}")
    return 1 if failures else 0


def sequential(
    args: argparse.Namespace, phases: Phases, *, institution: Any, staff: Any, log: Any
) -> dict[str, Any]:
    """One process, phases one after the other: every file imported and saved (issuing deferred), then
    the new awards signed in chunks, the bare signing rate sampled before, between chunks and after."""
    from django_tasks import task_backends

    backend = task_backends["default"]
    deferred = defer_issuing()
    # 1 + 2, per CSV file (each at most 5 MB, the upload limit; one transaction each, as
    # ``learners.imports.save_completions`` does, with the clock split between checking and saving).
    award_ids, counts = import_files(
        args, phases, institution=institution, staff=staff, log=log, each=backend.clear
    )
    if sorted(deferred) != sorted(award_ids):
        raise SystemExit(
            f"save returned {len(award_ids):,} award ids, scheduled {len(deferred):,} for issuing"
        )
    award_ids = list(deferred)  # in the order the app schedules them (grouped by version)

    # Baseline credential: one award, built and signed as issuing will, proof removed.
    baseline = Baseline(
        representative_unsigned(award_ids[0]), current_signer(institution), args.baseline_seconds
    )
    baseline.sample()

    # 3. sign + store, in chunks of award ids; baseline samples between some chunks (clock stopped).
    pieces = [award_ids[i : i + args.issue_chunk] for i in range(0, len(award_ids), args.issue_chunk)]
    sample_at = {len(pieces) * k // 4 for k in (1, 2, 3)}
    for i, piece in enumerate(pieces):
        if i in sample_at and i:
            baseline.sample()
        phases.run("issue", issue, piece)
        backend.clear()
    baseline.sample()
    log(f"issue: {len(award_ids):,} in {phases.seconds['issue']:.1f} s; bare signing {baseline.samples}")
    total = phases.seconds["import"] + phases.seconds["save"] + phases.seconds["issue"]
    return {"award_ids": award_ids, "baseline": baseline, "total": total, **counts}


def import_files(
    args: argparse.Namespace, phases: Phases, *, institution: Any, staff: Any, log: Any, each: Any = None
) -> tuple[list[int], dict[str, int]]:
    """Phases 1 and 2 for every CSV file, in order; the new award ids and the row counts."""
    award_ids: list[int] = []
    counts = {"rows": 0, "created": 0, "updated": 0, "unchanged": 0}
    for path in sorted(Path(args.csv_dir).glob("completions-*.csv")):
        outcome, count = import_file(path.read_bytes(), phases, institution=institution, staff=staff)
        counts["rows"] += count
        counts["created"] += outcome.created
        counts["updated"] += outcome.updated
        counts["unchanged"] += outcome.unchanged
        award_ids.extend(outcome.award_ids)
        if each is not None:
            each()  # the dummy task backend's collected tasks (mail): memory only
        log(
            f"{path.name}: {count:,} rows, {len(outcome.award_ids):,} awards; so far import "
            f"{phases.seconds['import']:.1f} s, save {phases.seconds['save']:.1f} s"
        )
    log(
        f"import {phases.seconds['import']:.1f} s; save: {counts['created']:,} created, "
        f"{counts['updated']:,} updated, {counts['unchanged']:,} unchanged, {len(award_ids):,} awards in "
        f"{phases.seconds['save']:.1f} s"
    )
    return award_ids, counts


def overlapped(
    args: argparse.Namespace, phases: Phases, *, institution: Any, staff: Any, log: Any
) -> dict[str, Any]:
    """The production layout (``--workers N``): the database task backend and N ``db_worker`` processes
    on the queue "awards", started before the clock. This process imports the files one after the other;
    each import's commit enqueues its signing tasks, which the workers run while the next file imports.
    Phase 3 is the tail: from the last commit until the last task has finished. End to end is the wall
    time from the first file to the last signed credential. The bare signing rate is sampled in this
    process five times once the last task has finished (the workers idle)."""
    import signal

    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    env = dict(os.environ)
    workers = [
        subprocess.Popen(
            [
                sys.executable, "-m", "microcred", "db_worker", "--queue-name", "awards", "--interval",
                "0.05", "--no-startup-delay", "--no-reload", "--worker-id", f"bench-{n}",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,  # a line per task; failures are read from the task results
        )
        for n in range(args.workers)
    ]  # fmt: skip
    try:
        signer = current_signer(institution)
        time.sleep(2.0)  # the workers start (Django set-up) before the clock
        pending = DBTaskResult.objects.filter(queue_name="awards").exclude(
            status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]
        )
        started = time.perf_counter()
        award_ids, counts = import_files(args, phases, institution=institution, staff=staff, log=log)
        with phases.timed("issue"):
            while pending.exists():
                time.sleep(0.02)
        total = time.perf_counter() - started
        log(f"issue: the last task finished {phases.seconds['issue']:.1f} s after the last commit")
    finally:
        for process in workers:
            process.send_signal(signal.SIGTERM)
        for process in workers:
            process.wait(timeout=60)
    tasks = DBTaskResult.objects.filter(queue_name="awards", task_path__endswith="issue_award_credentials")
    busy = sum(
        ((t.finished_at - t.started_at).total_seconds() for t in tasks if t.finished_at and t.started_at), 0.0
    )
    failed = [t.traceback.strip().splitlines()[-1] for t in tasks if t.status == TaskResultStatus.FAILED]
    baseline = Baseline(representative_unsigned(award_ids[0]), signer, args.baseline_seconds)
    for _ in range(5):  # five, 15 s: on a shared host one moment's speed can be 20% off the run's
        baseline.sample()
    log(
        f"{tasks.count()} signing tasks on {args.workers} workers, {busy:.1f} s of task time in all; "
        f"bare signing {baseline.samples}"
    )
    return {
        "award_ids": award_ids,
        "baseline": baseline,
        "total": total,
        "task_seconds": busy,
        "task_failures": failed,
        **counts,
    }


# The write path under test (thin adapters, so that the timed calls are the services themselves) ----------


#: The steps ``--timers`` times (module, function), as each phase calls them.
TIMED_STEPS = (
    ("microcred.core.csvfile", "read_csv"),
    ("microcred.learners.imports", "_resolve_learners"),
    ("microcred.learners.imports", "check_completion_values"),
    ("microcred.learners.bulk", "existing_completions"),
    ("microcred.learners.bulk", "lock_learners"),
    ("microcred.learners.bulk", "_check_completion_rows"),
    ("microcred.learners.bulk", "insert_rows"),
    ("microcred.awards.bulk", "load_states"),
    ("microcred.learners.bulk", "results_of_learners"),
    ("microcred.learners.bulk", "enrollments_of_learners"),
    ("microcred.awards.bulk", "plan_awards"),
    ("microcred.awards.bulk", "_create_awards"),
    ("microcred.awards.bulk", "insert_rows"),
    ("microcred.awards.bulk", "_issuing_facts"),
    ("microcred.learners.bulk", "cited_completions"),
    ("microcred.awards.credential", "build_credential"),
    ("microcred.catalog.achievement", "build_achievement"),
    ("microcred.awards.bulk", "sign_credential"),
    ("microcred.awards.bulk", "_store_issued"),
)


def time_steps() -> dict[str, list[float]]:
    """Wrap the steps in ``TIMED_STEPS`` to add up their wall time (``--timers``: coarser than
    ``--profile`` but with no profiler overhead); returns the running totals, [seconds, calls] by name."""
    import importlib

    totals: dict[str, list[float]] = {}
    for module_name, name in TIMED_STEPS:
        module = importlib.import_module(module_name)
        original = getattr(module, name)
        total = totals.setdefault(f"{module_name.rsplit('.', 1)[-1]}.{name}", [0.0, 0])

        def timed(*args: Any, __original: Any = original, __total: list[float] = total, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return __original(*args, **kwargs)
            finally:
                __total[0] += time.perf_counter() - start
                __total[1] += 1

        setattr(module, name, timed)
    # The commits too: PostgreSQL checks the deferred foreign keys of every row written then.
    from django.db.backends.base.base import BaseDatabaseWrapper

    commit = BaseDatabaseWrapper.commit
    total = totals.setdefault("connection.commit", [0.0, 0])

    def timed_commit(self: Any, __total: list[float] = total) -> None:
        start = time.perf_counter()
        try:
            commit(self)
        finally:
            __total[0] += time.perf_counter() - start
            __total[1] += 1

    BaseDatabaseWrapper.commit = timed_commit  # type: ignore[method-assign]
    # And Python's cyclic garbage collector, which walks every live object on a full collection.
    import gc

    collecting = totals.setdefault("gc.collect", [0.0, 0])
    started: list[float] = []

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(time.perf_counter())
        elif started:
            collecting[0] += time.perf_counter() - started.pop()
            collecting[1] += 1

    gc.callbacks.append(on_gc)
    return totals


def defer_issuing() -> list[int]:
    """Keep the save phase's on-commit issuing for the issue phase: the ids it would sign, collected.

    ``awards.bulk`` signs the new awards after the saving transaction commits (directly, until a batch
    task exists; with the dummy task backend a task would not run either); the bench signs them as its own
    phase instead, with the same ``issue_credentials``.
    """
    from microcred.awards import bulk

    collected: list[int] = []
    bulk.enqueue_issuing = collected.extend  # type: ignore[assignment]
    return collected


def import_file(raw: bytes, phases: Phases, *, institution: Any, staff: Any) -> tuple[Any, int]:
    """One CSV file through ``learners.imports`` as ``import_completions`` takes it (``read_csv``, then
    ``save_completions``: one transaction), the clock split where ``save_completions`` says every row is
    checked: read + check, then save + award + commit. Returns the ``ImportResult`` and the row count."""
    from microcred.core.csvfile import read_csv
    from microcred.core.gcpause import collector_paused
    from microcred.learners import imports

    def checked() -> None:
        phases.stop("import")
        phases.start("save")

    with collector_paused():  # as import_completions, which reads the file and saves it, does
        phases.start("import")
        records = read_csv(raw, required=imports.COMPLETION_REQUIRED, optional=imports.COMPLETION_OPTIONAL)
        result = imports.save_completions(
            actor=staff, institution_id=institution.pk, records=records, source="csv", on_checked=checked
        )
        phases.stop("save")  # after the commit
    return result, len(records)


def issue(award_ids: list[int]) -> Any:
    from microcred.awards import bulk

    return bulk.issue_credentials(award_ids)


def current_signer(institution: Any) -> Any:
    from microcred.signing import services as signing_services

    return signing_services.current_signing_key(institution=institution)


def representative_unsigned(award_id: int) -> dict[str, Any]:
    """The award's credential as issuing builds it, without the proof (sign_award signs; drop the proof)."""
    from microcred.awards import selectors, services
    from microcred.openbadges.proofs.data_integrity import without_proof

    award = selectors.award_by_id(award_id)
    return without_proof(services.sign_award(award))  # type: ignore[arg-type]


def verify_sample(award_ids: list[int], failures: list[str], count: int = 20) -> int:
    """Verify the proofs of ``count`` stored credentials (evenly spread) against the institution's key."""
    from microcred.awards.models import Award
    from microcred.openbadges.proofs.data_integrity import proofs_of
    from microcred.openbadges.proofs.eddsa_rdfc_2022 import verify_proof

    step = max(1, len(award_ids) // count)
    picked = award_ids[::step][:count]
    checked = 0
    for award in Award.objects.filter(pk__in=picked).select_related("institution", "issued"):
        credential = award.credential
        proofs = proofs_of(credential) if credential else []
        if len(proofs) != 1:
            failures.append(f"award {award.pk}: {len(proofs)} proofs")
            continue
        signer = current_signer(award.institution)
        if proofs[0].get("verificationMethod") != signer.verification_method or not verify_proof(
            credential, proofs[0], signer.key.public_key
        ):
            failures.append(f"award {award.pk}: the proof does not verify")
        checked += 1
    return checked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--learners", type=int, default=int(os.environ.get("BENCH_AWARDING_LEARNERS", FULL[0]))
    )
    parser.add_argument("--completions", type=int, default=None, help="default: 5 x learners")
    parser.add_argument("--db", default=os.environ.get("BENCH_AWARDING_DB", "sqlite,postgres"))
    parser.add_argument(
        "--quick", action="store_true", help=f"{QUICK[0]:,} learners, {QUICK[1]:,} completions"
    )
    parser.add_argument("--baseline-seconds", type=float, default=3.0)
    parser.add_argument(
        "--file-rows",
        type=int,
        default=100_000,
        help="rows per CSV file (~4 MB; the upload limit is 5 MB); each file is one import transaction",
    )
    parser.add_argument(
        "--issue-chunk",
        type=int,
        default=2000,
        help="awards per issue_credentials call (as awards.bulk.ISSUE_CHUNK)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="the production layout: sign on N db_worker processes while the import goes on (0: one process)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile each phase; stats on stderr")
    parser.add_argument("--profile-dir", default=None)
    parser.add_argument("--timers", action="store_true", help="wall time of the main steps; on stderr")
    parser.add_argument(
        "--keep-db",
        action="store_true",
        help="PostgreSQL: keep the bench's database afterwards (to query it)",
    )
    parser.add_argument("--save-json", default=None, help="also write the raw report to this file")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--markdown", action="store_true")
    output.add_argument("--json", action="store_true")
    # internal: one database's worker
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--csv-dir", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--enrollments", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--expected-awards", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.learners, args.completions = QUICK
    if args.completions is None:
        args.completions = 5 * args.learners
    if args.worker:
        return worker(args)
    return parent(args)


if __name__ == "__main__":
    raise SystemExit(main())
