"""The demo institutions and people that ``microcred demo`` loads.

Four invented institutions, each shaped after one of the policies the seed documents describe: a
SUNY-style community college (fewer than 24 credit hours, on the transcript), a Binghamton-style university
(NACE alignment, a three-stage approval chain, the budget office consulted on non-credit fees), an NUNM-style
university (12-hour trainings, stacking by 12 hours, units authorized to issue) and an Arizona-style
university (non-credit only, never on the transcript). Every name here is fictional; the addresses use
``example.edu``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

DEMO_PASSWORD = "microcred-demo"  # noqa: S105 - published on purpose: demo accounts only, never in production
NACE = "NACE"  # stands for the shared NACE framework in a policy's list of required frameworks


@dataclass(frozen=True)
class UnitSpec:
    key: str  # how the other parts of the spec refer to the unit
    name: str
    kind: str
    code: str = ""
    parent: str | None = None
    authorized: bool = False  # authorized to issue micro-credentials


@dataclass(frozen=True)
class ReviewBodySpec:
    key: str
    name: str
    kind: str
    unit: str | None = None


@dataclass(frozen=True)
class RoleSpec:
    role: str
    unit: str | None = None
    review_body: str | None = None


@dataclass(frozen=True)
class PersonSpec:
    mailbox: str  # the part before the @; the domain is the institution's
    full_name: str
    roles: tuple[RoleSpec, ...]


@dataclass(frozen=True)
class CompetencySpec:
    code: str
    name: str
    description: str


@dataclass(frozen=True)
class FrameworkSpec:
    name: str
    kind: str
    publisher: str
    description: str
    competencies: tuple[CompetencySpec, ...]


@dataclass(frozen=True)
class PolicySpec:
    credit_types: str = "both"
    credit_hours_min: Decimal | None = None
    credit_hours_min_inclusive: bool = True
    credit_hours_max: Decimal | None = None
    credit_hours_max_inclusive: bool = True
    min_training_hours: Decimal | None = None
    required_frameworks: tuple[str, ...] = ()  # framework names, or NACE
    min_competencies: int = 0
    transcript: str = "may"
    stacking_unit_hours: Decimal | None = None
    require_issuer_authorization: bool = False
    noncredit_fees_need_budget_review: bool = False
    stages: tuple[str, ...] = ("office",)  # review body keys, in order


@dataclass(frozen=True)
class InstitutionSpec:
    name: str
    short_name: str
    slug: str
    description: str
    units: tuple[UnitSpec, ...]
    review_bodies: tuple[ReviewBodySpec, ...]
    people: tuple[PersonSpec, ...]
    policy: PolicySpec
    frameworks: tuple[FrameworkSpec, ...] = field(default=())

    @property
    def domain(self) -> str:
        return f"{self.slug}.example.edu"

    def email(self, person: PersonSpec) -> str:
        return f"{person.mailbox}@{self.domain}"


OPERATOR_EMAIL = "operator@microcred-demo.example.org"
OPERATOR_NAME = "Site Operator (demo)"

# create_institution makes this body and puts it as the only stage of the approval chain.
OFFICE = ReviewBodySpec("office", "Office of Micro-credentials", "office")


def _admin(name: str) -> PersonSpec:
    """The office of micro-credentials: administers the institution and gives the final approval."""
    return PersonSpec(
        "admin", name, (RoleSpec("institution_admin"), RoleSpec("reviewer", review_body="office"))
    )


VACUUM_FRAMEWORK = FrameworkSpec(
    name="Vacuum Technology and Cleanroom Practice (demo standard)",
    kind="industry_standard",
    publisher="Empire Valley Semiconductor Employers' Council (fictional)",
    description=(
        "Skills regional employers ask of technicians who work in a clean room, with vacuum equipment, or in "
        "MEMS and semiconductor fabrication. A made-up industry standard for the demo."
    ),
    competencies=(
        CompetencySpec("VAC-LOW", "Low vacuum systems",
                       "Operate roughing pumps, valves and gauges; explain viscous and transitional flow."),
        CompetencySpec("VAC-HIGH", "High vacuum systems",
                       "Operate turbomolecular and cryogenic pumps; plan bake-out and control outgassing."),
        CompetencySpec("VAC-LEAK", "Leak detection",
                       "Find and size leaks with a helium leak detector and rate-of-rise tests."),
        CompetencySpec("CR-PROT", "Cleanroom protocol",
                       "Gown, move and work in an ISO 5-7 clean room without contaminating product."),
        CompetencySpec("MNT-EHS", "Environmental health and safety",
                       "Handle process chemicals and gases safely, read safety data sheets, answer alarms."),
        CompetencySpec("MNT-CHAR", "Characterization",
                       "Measure films and features with profilometry, ellipsometry and electron microscopy."),
        CompetencySpec("MNT-FAB", "Fabrication",
                       "Run the lithography, deposition and etch steps of a simple device process."),
    ),
)  # fmt: skip


COMMUNITY_COLLEGE = InstitutionSpec(
    name="Empire Valley Community College (demo)",
    short_name="EVCC",
    slug="evcc-demo",
    description=(
        "A fictional SUNY-style community college. Its micro-credentials are developed through faculty "
        "governance, appear on the transcript and stay under 24 credit hours; its micro and nanotechnology "
        "laboratories are offered to students of other programs and to local industry."
    ),
    units=(
        UnitSpec("stem", "School of Science, Technology, Engineering and Mathematics", "college", "STEM"),
        UnitSpec("et", "Engineering Technology", "department", "ET", parent="stem", authorized=True),
        UnitSpec("mnt", "Micro and Nanotechnology Program", "program", "MNT", parent="et", authorized=True),
        UnitSpec("nsci", "Natural Sciences", "department", "NSCI", parent="stem"),
        UnitSpec("wdce", "Workforce Development and Continuing Education", "office", "WDCE"),
    ),
    review_bodies=(
        OFFICE,
        ReviewBodySpec("et-review", "Engineering Technology Department Review", "department", unit="et"),
        ReviewBodySpec("curriculum", "College Curriculum Committee", "curriculum_committee"),
    ),
    people=(
        _admin("Dana Whitfield"),
        PersonSpec("lead", "Marcus Oyelaran", (RoleSpec("unit_lead", unit="mnt"),)),
        PersonSpec("dept-reviewer", "Priya Natarajan", (RoleSpec("reviewer", review_body="et-review"),)),
        PersonSpec("curriculum-reviewer", "Tom Baptiste", (RoleSpec("reviewer", review_body="curriculum"),)),
        PersonSpec("budget", "Helen Kowalczyk", (RoleSpec("budget_office"),)),
        PersonSpec("registrar", "Luis Ortega", (RoleSpec("registrar"),)),
        PersonSpec("learner", "Jamie Chen", (RoleSpec("learner"),)),
    ),
    policy=PolicySpec(
        credit_types="both",
        credit_hours_max=Decimal("24"),
        credit_hours_max_inclusive=False,
        transcript="must",
        stages=("et-review", "curriculum", "office"),
    ),
    frameworks=(VACUUM_FRAMEWORK,),
)

RESEARCH_UNIVERSITY = InstitutionSpec(
    name="Southern Tier University (demo)",
    short_name="STU",
    slug="stu-demo",
    description=(
        "A fictional Binghamton-style university. Every micro-credential relates to at least one NACE "
        "career-readiness competency and passes its department and the Micro-credential Review Committee "
        "before the Office of Micro-credentials; the budget office advises on non-credit fees."
    ),
    units=(
        UnitSpec("seas", "School of Engineering and Applied Science", "college", "SEAS"),
        UnitSpec(
            "ece",
            "Department of Electrical and Computer Engineering",
            "department",
            "ECE",
            parent="seas",
            authorized=True,
        ),
        UnitSpec("sys", "Department of Systems Science", "department", "SYS", parent="seas"),
        UnitSpec("cas", "College of Arts and Sciences", "college", "CAS"),
        UnitSpec("eng", "Department of English", "department", "ENG", parent="cas"),
        UnitSpec("ce", "Division of Continuing Education", "office", "CE"),
    ),
    review_bodies=(
        OFFICE,
        ReviewBodySpec(
            "ece-review", "Electrical and Computer Engineering Department Review", "department", unit="ece"
        ),
        ReviewBodySpec("committee", "Micro-credential Review Committee", "review_committee"),
        ReviewBodySpec("budget", "Budget Office", "budget_office"),
    ),
    people=(
        _admin("Rachel Abernathy"),
        PersonSpec("lead", "Kwame Mensah", (RoleSpec("unit_lead", unit="ece"),)),
        PersonSpec("dept-reviewer", "Sofia Lindqvist", (RoleSpec("reviewer", review_body="ece-review"),)),
        PersonSpec("committee-reviewer", "Daniel Okafor", (RoleSpec("reviewer", review_body="committee"),)),
        PersonSpec(
            "budget", "Margaret Liu", (RoleSpec("budget_office"), RoleSpec("reviewer", review_body="budget"))
        ),
        PersonSpec("registrar", "Ben Carvalho", (RoleSpec("registrar"),)),
        PersonSpec("learner", "Aisha Rahman", (RoleSpec("learner"),)),
    ),
    policy=PolicySpec(
        credit_types="both",
        required_frameworks=(NACE,),
        min_competencies=1,
        transcript="may",
        noncredit_fees_need_budget_review=True,
        stages=("ece-review", "committee", "office"),
    ),
)

HEALTH_UNIVERSITY = InstitutionSpec(
    name="Cascade University of Natural Health (demo)",
    short_name="CUNH",
    slug="cunh-demo",
    description=(
        "A fictional NUNM-style university. Department and institute leads apply for the right to issue; a "
        "micro-credential is 12 hours of training on one skill set, and stacking works in 12-hour steps."
    ),
    units=(
        UnitSpec("sihs", "School of Integrative Health Sciences", "college", "SIHS"),
        UnitSpec(
            "icn", "Institute for Culinary Nutrition", "institute", "ICN", parent="sihs", authorized=True
        ),
        UnitSpec("ibp", "Institute for Botanical Practice", "institute", "IBP", parent="sihs"),
        UnitSpec("cpe", "Continuing Professional Education", "office", "CPE"),
    ),
    review_bodies=(
        OFFICE,
        ReviewBodySpec("committee", "Micro-credential Review Committee", "review_committee"),
    ),
    people=(
        _admin("Grace Holloway"),
        PersonSpec("lead", "Mateo Alvarez", (RoleSpec("unit_lead", unit="icn"),)),
        PersonSpec("lead-botanical", "Hannah Greenleaf", (RoleSpec("unit_lead", unit="ibp"),)),
        PersonSpec("committee-reviewer", "Ivan Petrov", (RoleSpec("reviewer", review_body="committee"),)),
        PersonSpec("budget", "Olivia Brandt", (RoleSpec("budget_office"),)),
        PersonSpec("registrar", "Samuel Osei", (RoleSpec("registrar"),)),
        PersonSpec("learner", "Nora Fitzgerald", (RoleSpec("learner"),)),
    ),
    policy=PolicySpec(
        credit_types="both",
        min_training_hours=Decimal("12"),
        transcript="may",
        stacking_unit_hours=Decimal("12"),
        require_issuer_authorization=True,
        stages=("committee", "office"),
    ),
)

NONCREDIT_UNIVERSITY = InstitutionSpec(
    name="Sonoran Desert University (demo)",
    short_name="SDU",
    slug="sdu-demo",
    description=(
        "A fictional Arizona-style university. Its microcredentials are not for credit and never appear on a "
        "transcript; admission is not required, and workshops and seminars can count alongside classes. "
        "Robotics and machine learning stack into a larger artificial intelligence credential."
    ),
    units=(
        UnitSpec("engr", "College of Engineering", "college", "ENGR"),
        UnitSpec(
            "ras",
            "Department of Robotics and Autonomous Systems",
            "department",
            "RAS",
            parent="engr",
            authorized=True,
        ),
        UnitSpec("sci", "College of Science", "college", "SCI"),
        UnitSpec("cs", "Department of Computer Science", "department", "CS", parent="sci"),
        UnitSpec("opce", "Office of Professional and Continuing Education", "office", "OPCE"),
    ),
    review_bodies=(
        OFFICE,
        ReviewBodySpec("committee", "Microcredential Review Committee", "review_committee"),
    ),
    people=(
        _admin("Elena Vasquez"),
        PersonSpec("lead", "Raj Patel", (RoleSpec("unit_lead", unit="ras"),)),
        PersonSpec("committee-reviewer", "Chloe Begay", (RoleSpec("reviewer", review_body="committee"),)),
        PersonSpec("budget", "Ahmed Hassan", (RoleSpec("budget_office"),)),
        PersonSpec("registrar", "Lucy Tran", (RoleSpec("registrar"),)),
        PersonSpec("learner", "Diego Morales", (RoleSpec("learner"),)),
    ),
    policy=PolicySpec(
        credit_types="noncredit",
        transcript="never",
        stages=("committee", "office"),
    ),
)

INSTITUTIONS: tuple[InstitutionSpec, ...] = (
    COMMUNITY_COLLEGE,
    RESEARCH_UNIVERSITY,
    HEALTH_UNIVERSITY,
    NONCREDIT_UNIVERSITY,
)
