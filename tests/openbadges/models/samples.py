"""Realistic Open Badges 3.0 and CLR 2.0 documents built with the models (shared by tests and bench)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from microcred.openbadges.models import (
    Achievement,
    AchievementCredential,
    AchievementSubject,
    Address,
    Alignment,
    Association,
    BitstringStatusListEntry,
    ClrCredential,
    ClrSubject,
    Criteria,
    EndorsementCredential,
    EndorsementSubject,
    Evidence,
    IdentifierEntry,
    Image,
    Profile,
    Result,
    ResultDescription,
    RubricCriterionLevel,
    hashed_email_identity,
)

ISSUER_ID = "https://badges.example.edu/issuers/1"
ISSUED = datetime(2025, 5, 20, 14, 30, tzinfo=UTC)


def university(issuer_id: str = ISSUER_ID) -> Profile:
    """The issuing institution, with the optional properties a registrar would fill in."""
    return Profile(
        id=issuer_id,
        name="Example State University",
        url="https://www.example.edu",
        email="registrar@example.edu",
        phone="+1-607-555-0100",
        description="A public research university.",
        image=Image(id="https://badges.example.edu/media/esu-logo.png", caption="ESU logo"),
        address=Address(
            street_address="4400 Vestal Parkway East",
            address_locality="Binghamton",
            address_region="NY",
            postal_code="13902",
            address_country="United States",
            address_country_code="US",
        ),
        other_identifier=[
            IdentifierEntry(identifier="https://ror.org/008rmbt77", identifier_type="identifier"),
        ],
        parent_org=Profile(id="https://www.example-system.edu", name="Example State System"),
    )


def microcredential(issuer: Profile | None = None, *, code: str = "DS-101") -> Achievement:
    """A micro-credential with alignments, criteria, result descriptions and a rubric."""
    creator = issuer or university()
    base = f"https://badges.example.edu/achievements/{code.lower()}"
    return Achievement(
        id=base,
        achievement_type="MicroCredential",
        name="Applied Data Science Foundations",
        description=(
            "Demonstrates foundational skills in data wrangling, visualization and statistical modelling."
        ),
        criteria=Criteria(
            id=f"{base}/criteria",
            narrative="Complete the four modules and the capstone project with a grade of C or better.",
        ),
        creator=Profile(id=creator.id, name=creator.name),
        credits_available=Decimal("3.0"),
        field_of_study="Data Science",
        specialization="Statistical modelling",
        human_code=code,
        in_language="en-US",
        version="2",
        image=Image(id=f"{base}/image.png", caption="Applied Data Science Foundations badge"),
        tag=["data science", "python", "statistics"],
        alignment=[
            Alignment(
                target_name="Analyze data using statistical methods",
                target_url="https://credentialengineregistry.org/resources/ce-6fdd56d3-0214-4a67-b0f4-ba1c2e4f8c1d",
                target_type="ceasn:Competency",
                target_framework="Data Science Competency Framework",
                target_code="DS.3.2",
            ),
        ],
        result_description=[
            ResultDescription(
                id=f"{base}/results/grade",
                name="Final grade",
                result_type="LetterGrade",
                allowed_value=["F", "D", "C", "B", "A"],
                required_value="C",
            ),
            ResultDescription(
                id=f"{base}/results/capstone",
                name="Capstone rubric",
                result_type="RubricCriterionLevel",
                required_level=f"{base}/results/capstone/proficient",
                rubric_criterion_level=[
                    RubricCriterionLevel(
                        id=f"{base}/results/capstone/proficient", name="Proficient", points="3"
                    ),
                    RubricCriterionLevel(
                        id=f"{base}/results/capstone/exemplary", name="Exemplary", points="4"
                    ),
                ],
            ),
        ],
    )


def achievement_credential(
    *,
    credential_id: str = "urn:uuid:6a9c1b0e-3c7e-4f1c-9a53-0d2b8f7e4c11",
    issuer: Profile | None = None,
    email: str = "learner@example.edu",
    salt: str = "c0ffee-5a17",
    status_index: int = 94567,
) -> AchievementCredential:
    """A realistic ~3 KB OpenBadgeCredential: results, evidence, hashed identifier and a status entry."""
    issuer = issuer or university()
    achievement = microcredential(issuer)
    return AchievementCredential(
        id=credential_id,
        name="Applied Data Science Foundations",
        description="Awarded for completing the Applied Data Science Foundations micro-credential.",
        issuer=issuer,
        valid_from=ISSUED,
        awarded_date=ISSUED,
        credential_subject=AchievementSubject(
            identifier=[hashed_email_identity(email, salt)],
            achievement=achievement,
            activity_start_date=datetime(2025, 1, 21, tzinfo=UTC),
            activity_end_date=datetime(2025, 5, 9, tzinfo=UTC),
            credits_earned=3.0,
            term="Spring 2025",
            result=[
                Result(result_description=achievement.result_description[0].id, value="A"),
                Result(
                    result_description=achievement.result_description[1].id,
                    achieved_level=achievement.result_description[1].rubric_criterion_level[1].id,
                ),
            ],
        ),
        evidence=[
            Evidence(
                id="https://github.com/example-learner/capstone",
                name="Capstone project repository",
                narrative="Predictive model of campus energy use, with a written report.",
                genre="Project",
            ),
        ],
        credential_status=BitstringStatusListEntry(
            id=f"https://badges.example.edu/status/1#{status_index}",
            status_purpose="revocation",
            status_list_index=str(status_index),
            status_list_credential="https://badges.example.edu/status/1",
        ),
    )


def endorsement_credential(endorsed_id: str) -> EndorsementCredential:
    """An accreditor's endorsement of an achievement or issuer."""
    return EndorsementCredential(
        id="urn:uuid:0c2e3f9a-8d0c-4f6e-9a71-5f1d2b3c4e5f",
        name="Accreditation endorsement",
        issuer=Profile(id="https://accreditor.example.org/issuers/7", name="Example Accrediting Agency"),
        valid_from=ISSUED,
        credential_subject=EndorsementSubject(
            id=endorsed_id, endorsement_comment="Meets the agency's micro-credential quality standards."
        ),
    )


def stack_clr(
    credentials: list[dict[str, object]], *, learner_email: str = "learner@example.edu"
) -> ClrCredential:
    """A CLR for a stack: a certificate program achievement that ``isParentOf`` each course badge."""
    parsed = [AchievementCredential.from_dict(c) for c in credentials]
    program = Achievement(
        id="https://badges.example.edu/achievements/data-science-certificate",
        achievement_type="Certificate",
        name="Data Science Certificate",
        description="Stackable certificate earned by completing the data science micro-credentials.",
        criteria=Criteria(narrative="Earn every micro-credential of the stack."),
    )
    return ClrCredential(
        id="urn:uuid:93c8a6b4-2f1e-4d6c-8b0a-7e5f4d3c2b1a",
        name="Data Science Certificate record",
        issuer=university(),
        valid_from=ISSUED,
        credential_subject=ClrSubject(
            identifier=[hashed_email_identity(learner_email, "clr-salt")],
            verifiable_credential=parsed,
            achievement=[program],
            association=[
                Association(
                    association_type="isParentOf",
                    source_id=program.id,
                    target_id=c.credential_subject.achievement.id,
                )
                for c in parsed
            ],
        ),
    )
