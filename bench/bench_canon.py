"""Benchmark: RDFC-1.0 canonicalization of a realistic ~3 KB Open Badges 3.0 credential, pyld vs ours.

Run with ``python bench/bench_canon.py`` (add ``--seconds 5`` for longer runs). Both run in the same
process, warm (contexts loaded and processed once before timing), interleaved in rounds so that machine
load affects both alike; the outputs are checked to be identical. Prints a short table.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from pyld import jsonld

from microcred.openbadges.canon import canonicalize
from microcred.openbadges.jsonld import pyld_document_loader

CREDENTIAL: dict[str, Any] = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    "id": "https://badges.example.edu/credentials/3f1c0a52-8d1e-4a7e-9a55-1b8a3c0c9e11",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "name": "Data Analysis with Python — Micro-credential",
    "issuer": {
        "id": "https://badges.example.edu/issuers/faculty-of-science",
        "type": ["Profile"],
        "name": "Université Exemple, Faculté des Sciences",
        "url": "https://sciences.example.edu",
        "email": "badges@example.edu",
    },
    "validFrom": "2025-06-30T14:00:00Z",
    "validUntil": "2030-06-30T14:00:00Z",
    "credentialSubject": {
        "id": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        "type": ["AchievementSubject"],
        "activityStartDate": "2025-02-03T08:00:00Z",
        "activityEndDate": "2025-06-20T18:00:00Z",
        "creditsEarned": 3.5,
        "achievement": {
            "id": "https://badges.example.edu/achievements/data-analysis-python",
            "type": ["Achievement"],
            "achievementType": "MicroCredential",
            "name": "Data Analysis with Python",
            "description": "Cleans, explores and models tabular data with pandas and scikit-learn; "
            "communicates results with reproducible notebooks.",
            "criteria": {
                "narrative": "Complete the four graded labs and the capstone project with a mark of at "
                "least 60 %, and present the project to the jury."
            },
            "image": {
                "id": "https://badges.example.edu/images/data-analysis-python.png",
                "type": "Image",
                "caption": "Data Analysis with Python badge",
            },
            "creditsAvailable": 3.5,
            "fieldOfStudy": "Data Science",
            "humanCode": "DS-204",
            "alignment": [
                {
                    "type": ["Alignment"],
                    "targetName": "Analyse data",
                    "targetUrl": "https://esco.example.org/skill/analyse-data",
                    "targetDescription": "Analyse data to support decision making.",
                    "targetFramework": "ESCO",
                    "targetType": "ext:ESCOSkill",
                },
                {
                    "type": ["Alignment"],
                    "targetName": "Use Python for data processing",
                    "targetUrl": "https://esco.example.org/skill/python",
                    "targetCode": "S5.6.1",
                    "targetFramework": "ESCO",
                    "targetType": "ext:ESCOSkill",
                },
            ],
            "resultDescription": [
                {
                    "id": "urn:uuid:5e1b3f4a-0c1d-4e3f-9a8b-7c6d5e4f3a2b",
                    "type": ["ResultDescription"],
                    "name": "Final mark",
                    "resultType": "Percent",
                    "valueMin": "0",
                    "valueMax": "100",
                    "requiredValue": "60",
                },
                {
                    "id": "urn:uuid:6f2c4a5b-1d2e-4f4a-8b9c-8d7e6f5a4b3c",
                    "type": ["ResultDescription"],
                    "name": "ECTS grade",
                    "resultType": "LetterGrade",
                    "allowedValue": ["A", "B", "C", "D", "E"],
                    "requiredValue": "E",
                },
            ],
        },
        "result": [
            {
                "type": ["Result"],
                "resultDescription": "urn:uuid:5e1b3f4a-0c1d-4e3f-9a8b-7c6d5e4f3a2b",
                "value": "84",
            },
            {
                "type": ["Result"],
                "resultDescription": "urn:uuid:6f2c4a5b-1d2e-4f4a-8b9c-8d7e6f5a4b3c",
                "value": "B",
                "status": "Completed",
            },
        ],
    },
    "evidence": [
        {
            "id": "https://portfolio.example.edu/learner/42/capstone",
            "type": ["Evidence"],
            "name": "Capstone project",
            "narrative": "Predicting bicycle demand from weather data; notebook and slides.",
            "genre": "Project",
        }
    ],
    "credentialStatus": {
        "id": "https://badges.example.edu/status/3#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": "https://badges.example.edu/status/3",
    },
}

PYLD_OPTIONS = {
    "algorithm": "URDNA2015",
    "format": "application/n-quads",
    "documentLoader": pyld_document_loader,
    "base": None,
}


def ours() -> str:
    return canonicalize(CREDENTIAL)


def theirs() -> str:
    return str(jsonld.normalize(CREDENTIAL, PYLD_OPTIONS))


def rate(function: Callable[[], str], seconds: float) -> float:
    """Calls per second over about ``seconds`` of wall time."""
    calls = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        function()
        calls += 1
        now = time.perf_counter()
        if now >= deadline:
            return calls / (now - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="total timing budget per implementation")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    size = len(json.dumps(CREDENTIAL, ensure_ascii=False).encode())
    expected, got = theirs(), ours()  # warm-up: contexts loaded and processed
    same = expected == got
    slice_ = args.seconds / args.rounds
    pyld_rates, our_rates = [], []
    for _ in range(args.rounds):
        pyld_rates.append(rate(theirs, slice_))
        our_rates.append(rate(ours, slice_))
    pyld_rate, our_rate = statistics.median(pyld_rates), statistics.median(our_rates)

    print(
        f"RDFC-1.0 canonicalization of one OB 3.0 credential ({size} bytes of JSON, "
        f"{len(got.splitlines())} quads), median of {args.rounds} rounds"
    )
    print(f"{'implementation':<28}{'docs/s':>10}{'ms/doc':>10}")
    print(f"{'pyld 3.3 (URDNA2015)':<28}{pyld_rate:>10.0f}{1000 / pyld_rate:>10.3f}")
    print(f"{'microcred (RDFC-1.0)':<28}{our_rate:>10.0f}{1000 / our_rate:>10.3f}")
    print(f"{'speed-up':<28}{our_rate / pyld_rate:>9.1f}x")
    print(f"identical output: {'yes' if same else 'NO'}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
