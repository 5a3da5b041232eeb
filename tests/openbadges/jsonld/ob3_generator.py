"""Cheap generator of realistic Open Badges 3.0 credentials, driven by a seeded ``random.Random``.

Hypothesis draws the seeds (so runs are deterministic with ``derandomize=True``); building a credential
from a seed costs a few tens of microseconds, which keeps 10,000 credentials affordable.
"""

from __future__ import annotations

import random
from typing import Any

VC2 = "https://www.w3.org/ns/credentials/v2"
VC1 = "https://www.w3.org/2018/credentials/v1"
OB303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB302 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"
OB301 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json"
OB_LEGACY = "https://purl.imsglobal.org/spec/ob/v3p0/context.json"
EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"

CONTEXTS: list[tuple[list[str], bool]] = [
    # (context, uses VC 2.0 dates)
    ([VC2, OB303], True),
    ([VC2, OB303], True),
    ([VC2, OB303], True),
    ([VC2, OB303, EXTENSIONS], True),
    ([VC2, OB302], True),
    ([VC1, OB301], False),
    ([VC1, OB_LEGACY], False),
]

WORDS = [
    "Teamwork", "Data", "Analysis", "Robotics", "Écologie", "Kommunikation", "数据", "предмет", "العربية",
    "Badge", "Level 1", "Python", "Safety", "Leadership", "Ethics", "Lab", "Théorie", "Écriture", "Ñandú",
]  # fmt: skip
TRICKY = [
    'quote " inside', "back\\slash", "new\nline", "tab\there", "carriage\rreturn", "emoji 🎓🚀", "math ∑∞≠",
    "right-to-left \u05e9\u05dc\u05d5\u05dd", "nbsp\u00a0here", "zero-width\u200bjoin", "line sep \u2028 x",
    "next line \u0085 x", "accents àéîõü", "apostrophe ' and `backtick`", "<tag> & entity", "   padded   ",
    "", "\U0001f600 astral", "é (composed) vs e\u0301 (decomposed)", "{\"json\": [1, 2]}", "% 100",
]  # fmt: skip
ACHIEVEMENT_TYPES = [
    "Badge",
    "Certificate",
    "Course",
    "Competency",
    "MicroCredential",
    "Degree",
    "ext:Custom",
]
ALIGNMENT_TYPES = ["CFItem", "CTDL", "CTDLASN", "ceterms:Credential", "CFRubric", "Credly", "ext:Other"]
RESULT_TYPES = ["GradePointAverage", "LetterGrade", "Percent", "PerformanceLevel", "RubricCriterionLevel"]
STATUSES = ["Completed", "Enrolled", "Failed", "InProgress", "OnHold", "Provisional", "Withdrew"]


class CredentialFactory:
    """Builds one realistic OB 3.0 credential per call, deterministically from the given seed."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def text(self, words: int = 3) -> str:
        r = self.r
        if r.random() < 0.15:
            return r.choice(TRICKY)
        return " ".join(r.choice(WORDS) for _ in range(r.randint(1, words)))

    def uuid(self) -> str:
        return "urn:uuid:%08x-%04x-4%03x-a%03x-%012x" % (  # noqa: UP031
            self.r.getrandbits(32), self.r.getrandbits(16), self.r.getrandbits(12), self.r.getrandbits(12),
            self.r.getrandbits(48),
        )  # fmt: skip

    def url(self, path: str = "") -> str:
        host = self.r.choice(["example.edu", "uni.example", "badges.example.org"])
        return f"https://{host}/{path}{self.r.randint(1, 999)}"

    def date(self) -> str:
        r = self.r
        fraction = r.choice(["", ".123", ".5"])
        zone = r.choice(["Z", "+02:00", "-05:00"])
        day = f"20{r.randint(10, 39)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
        return f"{day}T{r.randint(0, 23):02d}:00:00{fraction}{zone}"

    def number(self) -> int | float:
        return self.r.choice(
            [0, 1, 3, 30, 1.5, 2.25, 0.1, 3.0, 7.5e-7, 1e21, 12345678901234567890, -4, 120.0]
        )

    def maybe(self, probability: float = 0.5) -> bool:
        return self.r.random() < probability

    def some(self, maker: Any, most: int = 3) -> list[Any]:
        return [maker() for _ in range(self.r.randint(1, most))]

    def image(self) -> dict[str, Any] | str:
        if self.maybe(0.3):
            return self.url("img/") + ".png"
        image: dict[str, Any] = {"id": self.url("img/") + ".png", "type": "Image"}
        if self.maybe():
            image["caption"] = self.text()
        return image

    def profile(self, with_id: bool = True) -> dict[str, Any]:
        r = self.r
        profile: dict[str, Any] = {"type": r.choice([["Profile"], "Profile"])}
        if with_id:
            profile["id"] = r.choice(
                [self.url("issuers/"), "did:web:example.edu", "did:key:z6Mk" + "a" * r.randint(5, 9)]
            )
        profile["name"] = self.text()
        if self.maybe():
            profile["url"] = self.url()
        if self.maybe(0.3):
            profile["email"] = "badges@example.edu"
        if self.maybe(0.3):
            profile["image"] = self.image()
        if self.maybe(0.2):
            profile["description"] = self.text(8)
        if self.maybe(0.2):
            profile["address"] = {
                "type": ["Address"],
                "addressCountry": "France",
                "postalCode": str(r.randint(10000, 99999)),
                "geo": {"type": "GeoCoordinates", "latitude": r.choice([48.85, 1, -33.9]), "longitude": 2.35},
            }
        if self.maybe(0.2):
            profile["otherIdentifier"] = [
                {
                    "type": "IdentifierEntry",
                    "identifier": str(r.randint(1, 99999)),
                    "identifierType": "sourcedId",
                }
            ]
        return profile

    def alignment(self) -> dict[str, Any]:
        alignment: dict[str, Any] = {
            "type": ["Alignment"],
            "targetName": self.text(),
            "targetUrl": self.url("a/"),
        }
        if self.maybe():
            alignment["targetDescription"] = self.text(6)
        if self.maybe():
            alignment["targetCode"] = f"C{self.r.randint(1, 99)}"
        if self.maybe():
            alignment["targetFramework"] = self.text()
        if self.maybe():
            alignment["targetType"] = self.r.choice(ALIGNMENT_TYPES)
        return alignment

    def result_description(self) -> dict[str, Any]:
        r = self.r
        description: dict[str, Any] = {
            "id": self.uuid(),
            "type": ["ResultDescription"],
            "name": self.text(),
            "resultType": r.choice(RESULT_TYPES),
        }
        if self.maybe():
            description["allowedValue"] = r.choice([["A", "B", "C"], ["pass"], [], ["D", "C", "B", "A"]])
        if self.maybe():
            description["requiredValue"] = r.choice(["B", "70"])
        if self.maybe(0.3):
            description["valueMin"], description["valueMax"] = "0", "100"
        if self.maybe(0.3):
            description["rubricCriterionLevel"] = [
                {"id": self.uuid(), "type": ["RubricCriterionLevel"], "name": self.text(), "points": "4"}
            ]
        if self.maybe(0.2):
            description["alignment"] = [self.alignment()]
        return description

    def achievement(self) -> dict[str, Any]:
        r = self.r
        achievement: dict[str, Any] = {
            "id": r.choice([self.uuid(), self.url("achievements/")]),
            "type": r.choice([["Achievement"], "Achievement"]),
            "name": self.text(),
            "description": self.text(10),
        }
        if self.maybe(0.8):
            criteria: dict[str, Any] = {}
            if self.maybe(0.3):
                criteria["id"] = self.url("criteria/")
            if not criteria or self.maybe():
                criteria["narrative"] = self.text(12)
            achievement["criteria"] = criteria
        if self.maybe(0.7):
            achievement["achievementType"] = r.choice(ACHIEVEMENT_TYPES)
        if self.maybe(0.6):
            achievement["image"] = self.image()
        if self.maybe(0.5):
            achievement["alignment"] = self.some(self.alignment)
        if self.maybe(0.4):
            achievement["resultDescription"] = self.some(self.result_description, 2)
        if self.maybe(0.3):
            achievement["creator"] = self.profile()
        if self.maybe(0.3):
            achievement["creditsAvailable"] = self.number()
        if self.maybe(0.3):
            achievement["tag"] = self.some(self.text)
        if self.maybe(0.2):
            achievement["humanCode"] = f"CS-{r.randint(100, 999)}"
            achievement["fieldOfStudy"] = self.text()
        if self.maybe(0.2):
            achievement["inLanguage"] = r.choice(["en", "fr-FR", "de"])
        if self.maybe(0.2):
            achievement["version"] = f"{r.randint(1, 3)}.0"
        return achievement

    def result(self) -> dict[str, Any]:
        result: dict[str, Any] = {"type": ["Result"]}
        if self.maybe(0.7):
            result["resultDescription"] = self.uuid()
        if self.maybe(0.7):
            result["value"] = self.r.choice(["A", "87", "pass", "3.9"])
        if self.maybe(0.3):
            result["status"] = self.r.choice(STATUSES)
        if self.maybe(0.2):
            result["achievedLevel"] = self.uuid()
        return result

    def evidence(self) -> dict[str, Any]:
        evidence: dict[str, Any] = {"type": ["Evidence"]}
        if self.maybe():
            evidence["id"] = self.url("evidence/")
        for key in ("name", "narrative", "description", "genre", "audience"):
            if self.maybe(0.4):
                evidence[key] = self.text(6)
        return evidence

    def credential(self) -> dict[str, Any]:
        r = self.r
        context, vc2 = r.choice(CONTEXTS)
        subject: dict[str, Any] = {"type": ["AchievementSubject"], "achievement": self.achievement()}
        if self.maybe(0.7):
            subject["id"] = r.choice(
                ["did:example:" + str(r.randint(1, 10**9)), "mailto:learner@example.org"]
            )
        if self.maybe(0.3):
            subject["identifier"] = [
                {
                    "type": "IdentityObject",
                    "hashed": r.choice([True, False]),
                    "identityHash": "sha256$" + "%064x" % r.getrandbits(256),  # noqa: UP031
                    "identityType": "emailAddress",
                    "salt": str(r.randint(1, 999)),
                }
            ]
        if self.maybe(0.4):
            subject["result"] = self.some(self.result, 2)
        if self.maybe(0.3):
            subject["creditsEarned"] = self.number()
        if self.maybe(0.2):
            subject["activityStartDate"] = self.date()
            subject["activityEndDate"] = self.date()
        if self.maybe(0.2):
            subject["licenseNumber"] = str(r.randint(1, 99999))
            subject["role"] = self.text()
            subject["term"] = self.text()
        credential: dict[str, Any] = {
            "@context": list(context),
            "id": r.choice([self.uuid(), self.url("credentials/")]),
            "type": ["VerifiableCredential", r.choice(["OpenBadgeCredential", "AchievementCredential"])],
            "issuer": self.profile() if self.maybe(0.85) else self.url("issuers/"),
            "name": self.text(),
            "credentialSubject": subject,
        }
        if vc2:
            credential["validFrom"] = self.date()
            if self.maybe(0.3):
                credential["validUntil"] = self.date()
        else:
            credential["issuanceDate"] = self.date()
            if self.maybe(0.3):
                credential["expirationDate"] = self.date()
        if self.maybe(0.3):
            credential["description"] = self.text(10)
        if self.maybe(0.3):
            credential["evidence"] = self.some(self.evidence, 2)
        if vc2 and self.maybe(0.4):
            credential["credentialStatus"] = {
                "id": self.url("status/") + "#" + str(r.randint(0, 10**5)),
                "type": "BitstringStatusListEntry",
                "statusPurpose": r.choice(["revocation", "suspension"]),
                "statusListIndex": str(r.randint(0, 10**5)),
                "statusListCredential": self.url("status/"),
            }
        if EXTENSIONS in context and self.maybe(0.5):
            credential["credentialSchema"] = [
                {
                    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
                    "type": "1EdTechJsonSchemaValidator2019",
                }
            ]
        if self.maybe(0.2):
            credential["awardedDate"] = self.date()
        return credential


def credentials(seed: int, count: int) -> list[dict[str, Any]]:
    """``count`` credentials built from ``seed``."""
    factory = CredentialFactory(seed)
    return [factory.credential() for _ in range(count)]
