"""The demo institutions and people that ``microcred demo`` loads.

Four invented institutions, each shaped after one of the policies the seed documents describe: a
SUNY-style community college (fewer than 24 credit hours, on the transcript), a Binghamton-style university
(NACE alignment, a three-stage approval chain, the budget office consulted on non-credit fees), an NUNM-style
university (12-hour trainings, stacking by 12 hours, units authorized to issue) and an Arizona-style
university (non-credit only, never on the transcript). Every name here is fictional; the addresses use
``example.edu``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from microcred.accounts.models import User
    from microcred.awards.models import Award
    from microcred.catalog.models import Course, MicroCredential
    from microcred.institutions.models import Institution

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
        # The learners of the awards demo (LEARNER_STORIES below say what each one has done)
        PersonSpec("maya.chen", "Maya Chen", (RoleSpec("learner"),)),
        PersonSpec("leo.park", "Leo Park", (RoleSpec("learner"),)),
        PersonSpec("sam.ortiz", "Sam Ortiz", (RoleSpec("learner"),)),
        PersonSpec("riley.brooks", "Riley Brooks", (RoleSpec("learner"),)),
        PersonSpec("omar.haddad", "Omar Haddad", (RoleSpec("learner"),)),
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


# Courses, activities and micro-credentials (issue 4) --------------------------------------------------------
# The seeds' own examples, each left at a different stage of the governance path so that every role finds
# something to do: published ones in the public catalog, one in review, one approved and waiting for the
# office, one draft whose unit is not authorized to issue, one sent back with a committee's comments.


@dataclass(frozen=True)
class CourseSpec:
    code: str  # the natural key: an existing course with this code is left alone
    title: str
    unit: str  # unit key
    kind: str = "course"
    level: str = "undergraduate"
    credit_hours: Decimal | None = None
    contact_hours: Decimal | None = None
    description: str = ""


PUBLISHED = "published"
APPROVED = "approved"  # every stage approved it: waiting for the office to publish
IN_REVIEW = "in_review"
CHANGES_REQUESTED = "changes_requested"
DRAFT = "draft"


@dataclass(frozen=True)
class CredentialSpec:
    """A micro-credential proposed by a unit lead and taken through the services to ``state``.

    In review or with changes requested, ``stage`` says where: every earlier stage approved it; at that
    stage the demo reviewer asked for changes with ``comment`` and ``field_comments`` (field -> comment).
    """

    title: str  # the natural key (its slug): an existing micro-credential is left alone, whatever its state
    unit: str  # unit key
    proposer: str  # mailbox of the unit lead who proposes it
    content: dict[str, object]  # VersionContent fields, without the requirements and competencies
    state: str
    stage: int = 0
    courses: tuple[str, ...] = ()  # course codes: the requirements are all of these ...
    stacks: tuple[str, ...] = ()  # ... and all of these published micro-credentials, by title
    competencies: tuple[str, ...] = ()  # codes, from the institution's frameworks or NACE
    comment: str = ""
    field_comments: tuple[tuple[str, str], ...] = ()


def _usd(*fees: tuple[str, str]) -> list[dict[str, str]]:
    return [{"label": label, "amount": amount, "currency": "USD"} for label, amount in fees]


@dataclass(frozen=True)
class ProgramsSpec:
    """An institution's courses and activities and its micro-credentials, in the order they are proposed."""

    slug: str  # the institution's
    courses: tuple[CourseSpec, ...]
    credentials: tuple[CredentialSpec, ...]


H = Decimal  # hours, for short

COMMUNITY_COLLEGE_PROGRAMS = ProgramsSpec(
    slug="evcc-demo",
    courses=(
        CourseSpec(
            "MNT 101",
            "Environmental Health and Safety",
            "mnt",
            credit_hours=H(3),
            contact_hours=H(45),
            description="Safe work with process chemicals, gases and equipment in a clean room.",
        ),
        CourseSpec(
            "MNT 201",
            "Characterization",
            "mnt",
            kind="laboratory",
            credit_hours=H(4),
            contact_hours=H(75),
            description="Profilometry, ellipsometry and electron microscopy of films and features.",
        ),
        CourseSpec(
            "MNT 202",
            "Fabrication",
            "mnt",
            kind="laboratory",
            credit_hours=H(4),
            contact_hours=H(75),
            description="Lithography, deposition and etch: a simple device, start to finish.",
        ),
        CourseSpec(
            "VAC 110",
            "Low Vacuum",
            "mnt",
            credit_hours=H(2),
            contact_hours=H(30),
            description="Roughing pumps, valves and gauges; viscous and transitional flow.",
        ),
        CourseSpec(
            "VAC 120",
            "High Vacuum",
            "mnt",
            credit_hours=H(2),
            contact_hours=H(30),
            description="Turbomolecular and cryogenic pumps, bake-out, outgassing.",
        ),
        CourseSpec(
            "VAC 130",
            "Leak Detection",
            "mnt",
            kind="laboratory",
            credit_hours=H(2),
            contact_hours=H(30),
            description="Helium leak detectors and rate-of-rise tests on real chambers.",
        ),
    ),
    credentials=(
        CredentialSpec(
            title="Micro and Nanotechnology (MNT)",
            unit="mnt",
            proposer="lead",
            state=PUBLISHED,
            courses=("MNT 101", "MNT 201", "MNT 202"),
            competencies=("MNT-EHS", "MNT-CHAR", "MNT-FAB", "CR-PROT"),
            content={
                "summary": "Three courses in the college's micro and nanotechnology laboratories: safety, "
                "characterization and fabrication, for technicians who want to work in a clean room.",
                "purpose": "Keep the MNT laboratories alive by opening them to students of other programs "
                "and to local industry.",
                "market_need": "Regional semiconductor and MEMS employers report unfilled technician jobs.",
                "industry_partners": "Empire Valley Semiconductor Employers' Council (fictional)",
                "objectives": [
                    "Work safely with process chemicals and gases",
                    "Characterize thin films and features",
                    "Run the steps of a simple device fabrication process",
                ],
                "credit_type": "credit",
                "modality": "on_campus",
                "audiences": [
                    "Electrical Engineering Technology students",
                    "Mechanical Engineering Technology students",
                    "Natural Science and Engineering Science majors",
                    "Employees of local industry",
                ],
                "fees": _usd(("Tuition, 11 credit hours at $200", "2200.00"), ("Laboratory fee", "150.00")),
                "financial_aid": "Federal and state aid apply to the courses for matriculated students.",
                "transferability": "Each course transfers as a SUNY course with the same credit hours.",
                "stackability": "The 11 credit hours count toward the AAS in Engineering Technology.",
                "stacks_toward": [
                    {"name": "AAS in Engineering Technology", "kind": "degree", "credits": "11"}
                ],
                "open_electives": "Students of other programs can take the three courses as open electives.",
                "transcript": "on_transcript",
                "criteria": "Pass the three courses with a C or better.",
                "tags": ["cleanroom", "semiconductor", "MEMS"],
                "badge_design": {
                    "shape": "hexagon",
                    "background": "#0b5cad",
                    "foreground": "#ffffff",
                    "label": "MNT",
                    "icon": "atom",
                },
                "issuance_plan": "The registrar issues the badge when the third course is graded.",
            },
        ),
        CredentialSpec(
            title="Vacuum Technology",
            unit="mnt",
            proposer="lead",
            state=IN_REVIEW,
            stage=2,
            courses=("VAC 110", "VAC 120", "VAC 130"),
            competencies=("VAC-LOW", "VAC-HIGH", "VAC-LEAK"),
            content={
                "summary": "Low vacuum, high vacuum and leak detection: the vacuum skills a fabrication "
                "technician uses every day.",
                "purpose": "Upskill employees of local industry on the college's vacuum equipment.",
                "objectives": ["Operate low and high vacuum systems", "Find and size leaks"],
                "credit_type": "credit",
                "modality": "hybrid",
                "audiences": ["Employees of local industry", "Mechanical Engineering Technology students"],
                "fees": _usd(("Tuition, 6 credit hours at $200", "1200.00")),
                "financial_aid": "Aid applies for matriculated students; employers may pay through the WDCE.",
                "transferability": "Each course transfers with its credit hours.",
                "stackability": "Counts toward the AAS in Engineering Technology as technical electives.",
                "stacks_toward": [
                    {"name": "AAS in Engineering Technology", "kind": "degree", "credits": "6"}
                ],
                "transcript": "on_transcript",
                "criteria": "Pass the three courses.",
                "badge_design": {
                    "shape": "circle",
                    "background": "#36454f",
                    "foreground": "#ffffff",
                    "label": "VAC",
                    "icon": "gear",
                },
            },
        ),
    ),
)

NONCREDIT_UNIVERSITY_PROGRAMS = ProgramsSpec(
    slug="sdu-demo",
    courses=(
        CourseSpec(
            "RAS W101",
            "Robot Kinematics Workshop",
            "ras",
            kind="workshop",
            level="professional",
            contact_hours=H(10),
            description="Frames, joints and motion of a robot arm.",
        ),
        CourseSpec(
            "RAS L102",
            "Robot Programming Lab",
            "ras",
            kind="laboratory",
            level="professional",
            contact_hours=H(14),
            description="Program a mobile robot and an arm to do a task.",
        ),
        CourseSpec(
            "RAS A110",
            "Robotics Build Challenge",
            "ras",
            kind="activity",
            level="professional",
            contact_hours=H(8),
            description="A team builds and demonstrates a robot for a given task.",
        ),
        CourseSpec(
            "CS W120",
            "Python for Machine Learning Workshop",
            "cs",
            kind="workshop",
            level="professional",
            contact_hours=H(10),
            description="NumPy, pandas and scikit-learn.",
        ),
        CourseSpec(
            "CS S121",
            "Supervised Learning Seminar",
            "cs",
            kind="seminar",
            level="professional",
            contact_hours=H(12),
            description="Regression, classification, evaluation and fairness.",
        ),
        CourseSpec(
            "CS A130",
            "Model Deployment Activity",
            "cs",
            kind="activity",
            level="professional",
            contact_hours=H(8),
            description="Put a trained model behind a small web service.",
        ),
        CourseSpec(
            "AI A200",
            "Applied AI Capstone",
            "ras",
            kind="activity",
            level="professional",
            contact_hours=H(16),
            description="A robot that learns: the capstone of the AI credential.",
        ),
    ),
    credentials=(
        CredentialSpec(
            title="Robotics",
            unit="ras",
            proposer="lead",
            state=PUBLISHED,
            courses=("RAS W101", "RAS L102", "RAS A110"),
            content={
                "summary": "Workshops and a build challenge on robot kinematics and programming.",
                "objectives": ["Describe a robot arm's motion", "Program a robot to complete a task"],
                "credit_type": "noncredit",
                "level": "professional",
                "modality": "hybrid",
                "eligibility": "Open to everyone; admission is not required.",
                "audiences": ["Working professionals", "Degree-seeking students"],
                "fees": _usd(("Program fee", "450.00")),
                "financial_aid": "No federal financial aid; employer tuition benefits may apply.",
                "transferability": "Non-credit: it does not transfer as credit.",
                "stackability": "Stacks with Machine Learning into the Artificial Intelligence credential.",
                "stacks_toward": [{"name": "Artificial Intelligence", "kind": "micro-credential"}],
                "transcript": "not_on_transcript",
                "criteria": "Attend both workshops and demonstrate a working robot in the build challenge.",
                "tags": ["robotics", "automation"],
                "badge_design": {
                    "shape": "shield",
                    "background": "#ab0520",
                    "foreground": "#ffffff",
                    "label": "ROBOTICS",
                    "icon": "gear",
                },
            },
        ),
        CredentialSpec(
            title="Machine Learning",
            unit="ras",
            proposer="lead",
            state=PUBLISHED,
            courses=("CS W120", "CS S121", "CS A130"),
            content={
                "summary": "A workshop, a seminar and a deployment activity on practical machine learning.",
                "objectives": ["Train and evaluate a supervised model", "Deploy a model as a service"],
                "credit_type": "noncredit",
                "level": "professional",
                "modality": "online",
                "eligibility": "Open to everyone; some Python helps.",
                "audiences": ["Working professionals", "Alumni"],
                "fees": _usd(("Program fee", "450.00")),
                "financial_aid": "No federal financial aid; employer tuition benefits may apply.",
                "transferability": "Non-credit: it does not transfer as credit.",
                "stackability": "Stacks with Robotics into the Artificial Intelligence credential.",
                "stacks_toward": [{"name": "Artificial Intelligence", "kind": "micro-credential"}],
                "transcript": "not_on_transcript",
                "criteria": "Complete the workshop and seminar and deploy a model.",
                "tags": ["machine learning", "data"],
                "badge_design": {
                    "shape": "shield",
                    "background": "#0c234b",
                    "foreground": "#ffffff",
                    "label": "ML",
                    "icon": "chip",
                },
            },
        ),
        CredentialSpec(
            title="Intelligent Robotics",
            unit="ras",
            proposer="lead",
            state=PUBLISHED,
            stacks=("Robotics", "Machine Learning"),
            content={
                "summary": "Robotics and Machine Learning, earned together: the published stack. "
                "Holding both earns it; there is nothing more to take.",
                "objectives": ["Program a robot that uses a trained model"],
                "credit_type": "noncredit",
                "level": "professional",
                "modality": "hybrid",
                "eligibility": "Open to everyone; admission is not required.",
                "audiences": ["Working professionals", "Degree-seeking students"],
                "no_fees": True,
                "financial_aid": "No fee of its own: the fees are those of Robotics and Machine Learning.",
                "transferability": "Non-credit: it does not transfer as credit.",
                "stackability": "Made of the Robotics and Machine Learning microcredentials, awarded as "
                "soon as both are held.",
                "transcript": "not_on_transcript",
                "criteria": "Hold the Robotics and the Machine Learning microcredentials.",
                "tags": ["robotics", "machine learning"],
                "badge_design": {
                    "shape": "hexagon",
                    "background": "#378dbd",
                    "foreground": "#ffffff",
                    "label": "IR",
                    "icon": "gear",
                },
            },
        ),
        CredentialSpec(
            title="Artificial Intelligence",
            unit="ras",
            proposer="lead",
            state=APPROVED,
            stacks=("Robotics", "Machine Learning"),
            courses=("AI A200",),
            content={
                "summary": "The larger credential: Robotics and Machine Learning, stacked, and a capstone.",
                "objectives": ["Combine perception, learning and control in one system"],
                "credit_type": "noncredit",
                "level": "professional",
                "modality": "hybrid",
                "eligibility": "Open to everyone; admission is not required.",
                "audiences": ["Working professionals"],
                "fees": _usd(("Capstone fee", "300.00")),
                "financial_aid": "Not eligible for federal financial aid.",
                "transferability": "Non-credit: it does not transfer as credit.",
                "stackability": "Made of the Robotics and Machine Learning microcredentials.",
                "transcript": "not_on_transcript",
                "criteria": "Hold both microcredentials and pass the capstone.",
                "badge_design": {
                    "shape": "hexagon",
                    "background": "#1e5288",
                    "foreground": "#ffffff",
                    "label": "AI",
                    "icon": "star",
                },
            },
        ),
    ),
)

HEALTH_UNIVERSITY_PROGRAMS = ProgramsSpec(
    slug="cunh-demo",
    courses=(
        CourseSpec(
            "ICN 101",
            "Knife Skills and Kitchen Safety",
            "icn",
            kind="workshop",
            level="professional",
            contact_hours=H(4),
        ),
        CourseSpec(
            "ICN 102",
            "Whole-Food Meal Planning",
            "icn",
            kind="workshop",
            level="professional",
            contact_hours=H(4),
        ),
        CourseSpec(
            "ICN 103",
            "Therapeutic Cooking Practicum",
            "icn",
            kind="activity",
            level="professional",
            contact_hours=H(4),
        ),
        CourseSpec(
            "IBP 101",
            "Botanical Identification Walk",
            "ibp",
            kind="activity",
            level="professional",
            contact_hours=H(6),
        ),
        CourseSpec(
            "IBP 102",
            "Tinctures and Infusions Lab",
            "ibp",
            kind="laboratory",
            level="professional",
            contact_hours=H(6),
        ),
    ),
    credentials=(
        CredentialSpec(
            title="Culinary Nutrition Foundations",
            unit="icn",
            proposer="lead",
            state=PUBLISHED,
            courses=("ICN 101", "ICN 102", "ICN 103"),
            content={
                "summary": "Twelve hours of hands-on training in the teaching kitchen: safety, planning, "
                "therapeutic cooking.",
                "objectives": ["Prepare whole-food meals safely", "Plan meals for a therapeutic diet"],
                "credit_type": "noncredit",
                "level": "professional",
                "modality": "on_campus",
                "audiences": ["Practitioners", "Community members"],
                "fees": _usd(("Training fee", "240.00")),
                "financial_aid": "No financial aid; the fee is payable at registration.",
                "transferability": "Non-credit.",
                "stackability": "One 12-hour unit: stacks with other 12-hour trainings.",
                "transcript": "not_on_transcript",
                "criteria": "Attend the 12 hours and cook the practicum menu.",
                "badge_design": {
                    "shape": "circle",
                    "background": "#2e7d32",
                    "foreground": "#ffffff",
                    "label": "CULINARY",
                    "icon": "leaf",
                },
            },
        ),
        CredentialSpec(
            title="Herbal Medicine Making",
            unit="ibp",
            proposer="lead-botanical",
            state=DRAFT,
            courses=("IBP 101", "IBP 102"),
            content={
                "summary": "Twelve hours: identify medicinal plants in the field and make tinctures.",
                "objectives": ["Identify local medicinal plants", "Prepare tinctures and infusions"],
                "credit_type": "noncredit",
                "level": "professional",
                "fees": _usd(("Training fee", "240.00")),
                "financial_aid": "No financial aid.",
                "transferability": "Non-credit.",
                "stackability": "One 12-hour unit.",
                "transcript": "not_on_transcript",
            },
        ),
    ),
)

RESEARCH_UNIVERSITY_PROGRAMS = ProgramsSpec(
    slug="stu-demo",
    courses=(
        CourseSpec("EECE 260", "Introduction to Embedded Systems", "ece", credit_hours=H(3)),
        CourseSpec("EECE 360", "Microcontroller Laboratory", "ece", kind="laboratory", credit_hours=H(1)),
        CourseSpec("EECE 461", "Prototyping Studio", "ece", credit_hours=H(3)),
    ),
    credentials=(
        CredentialSpec(
            title="Embedded Systems Prototyping",
            unit="ece",
            proposer="lead",
            state=CHANGES_REQUESTED,
            stage=2,
            courses=("EECE 260", "EECE 360", "EECE 461"),
            competencies=("NACE-CT", "NACE-TECH", "NACE-TW"),
            content={
                "summary": "Design, program and build a working prototype around a microcontroller.",
                "objectives": ["Program a microcontroller", "Build and test a prototype in a team"],
                "credit_type": "credit",
                "modality": "on_campus",
                "audiences": ["Engineering majors", "Computer science majors"],
                "no_fees": True,
                "financial_aid": "Covered by regular tuition and aid.",
                "transferability": "Each course transfers with its credit hours.",
                "stackability": "The 7 credits count toward the BS in Computer Engineering.",
                "transcript": "on_transcript",
                "criteria": "Pass the three courses; the studio prototype is the evidence.",
            },
            comment="The committee supports it; say more about the need and how teamwork is assessed.",
            field_comments=(
                ("market_need", "Add evidence of employer demand, e.g. the career center's survey."),
                ("criteria", "Say how the teamwork competency (NACE) is assessed in the studio."),
            ),
        ),
    ),
)

PROGRAMS: tuple[ProgramsSpec, ...] = (
    COMMUNITY_COLLEGE_PROGRAMS,
    NONCREDIT_UNIVERSITY_PROGRAMS,
    HEALTH_UNIVERSITY_PROGRAMS,
    RESEARCH_UNIVERSITY_PROGRAMS,
)


# Learners and awards (issue 5) ------------------------------------------------------------------------------
# At the Sonoran Desert University, learners at every point of the path: one holding badges and the stack
# they earn in cascade, one halfway with a failed result (so the progress page says what is missing), one who
# has enrolled in nothing yet (to try self-enrollment), one whose badge was revoked and one whose badge has
# expired (so the public page and the verifiers show each status). Everything goes through the learners'
# and awards' services, as the pages would: the results are recorded by the demo registrar, each one awards
# what it completes in the same transaction, and the credentials are signed at once.


@dataclass(frozen=True)
class ResultSpec:
    course: str  # course code
    days_ago: int  # completed this many days before the demo is loaded (never in the future)
    result: str = "passed"
    grade: str = ""
    evidence_url: str = ""
    evidence_narrative: str = ""


@dataclass(frozen=True)
class LearnerStory:
    """A demo learner (a person of the institution's spec, by mailbox) and what they have done.

    A learner record that exists is left alone, whatever has happened to it since: loading twice adds nothing.
    """

    mailbox: str
    institutional_id: str
    category: str  # Learner.Category
    level: str  # Learner.Level
    enrollments: tuple[tuple[str, str], ...] = ()  # (micro-credential title, source: self or staff)
    results: tuple[ResultSpec, ...] = ()  # in the order they are recorded
    organization: str = ""
    public: bool = False  # the learner makes every award they hold public
    revoked: tuple[tuple[str, str], ...] = ()  # (title, reason): revoked by the office
    expired_days_ago: tuple[tuple[str, int], ...] = ()  # (title, days): awarded two years before that


@dataclass(frozen=True)
class LearnersSpec:
    slug: str  # the institution's
    registrar: str  # mailbox of the person who records the results
    office: str  # mailbox of the person who revokes
    stories: tuple[LearnerStory, ...]


NONCREDIT_UNIVERSITY_LEARNERS = LearnersSpec(
    slug="sdu-demo",
    registrar="registrar",
    office="admin",
    stories=(
        LearnerStory(
            # Robotics and Machine Learning, so Intelligent Robotics in cascade; all three public. She has
            # also passed the AI capstone: once the office publishes Artificial Intelligence, enrolling in
            # it awards it at once.
            mailbox="maya.chen",
            institutional_id="SDU-20231001",
            category="student",
            level="undergraduate",
            enrollments=(("Robotics", "self"), ("Machine Learning", "self")),
            results=(
                ResultSpec("RAS W101", 120, grade="A"),
                ResultSpec("RAS L102", 95, grade="A-"),
                ResultSpec(
                    "RAS A110",
                    80,
                    evidence_url="https://sdu-demo.example.edu/showcase/maya-chen-sorting-robot",
                    evidence_narrative="Led a team of three; the robot sorted 40 parts in two minutes.",
                ),
                ResultSpec("CS W120", 70, grade="A"),
                ResultSpec("CS S121", 50, grade="B+"),
                ResultSpec(
                    "CS A130",
                    30,
                    evidence_url="https://sdu-demo.example.edu/showcase/maya-chen-model-service",
                    evidence_narrative="Deployed a part classifier behind a small web service.",
                ),
                ResultSpec("AI A200", 10, evidence_narrative="A robot arm that learns to grasp new parts."),
            ),
            public=True,
        ),
        LearnerStory(
            # Halfway through Robotics: the workshop passed, the lab failed, the build challenge to do.
            mailbox="leo.park",
            institutional_id="SDU-20240417",
            category="non_degree",
            level="professional",
            organization="Desert Logistics (fictional)",
            enrollments=(("Robotics", "staff"),),
            results=(
                ResultSpec("RAS W101", 40, grade="B"),
                ResultSpec("RAS L102", 12, result="failed", grade="F"),
            ),
        ),
        LearnerStory(
            # Nothing yet: signs in and enrolls from the catalog.
            mailbox="sam.ortiz",
            institutional_id="SDU-20250902",
            category="student",
            level="undergraduate",
        ),
        LearnerStory(
            # Earned Robotics, made it public; the office revoked it.
            mailbox="riley.brooks",
            institutional_id="SDU-20220310",
            category="alumni",
            level="professional",
            enrollments=(("Robotics", "self"),),
            results=(
                ResultSpec("RAS W101", 200),
                ResultSpec("RAS L102", 190),
                ResultSpec("RAS A110", 180),
            ),
            public=True,
            revoked=(
                (
                    "Robotics",
                    "The robot shown at the build challenge was another team's work (academic integrity "
                    "review, case 2026-014).",
                ),
            ),
        ),
        LearnerStory(
            # Earned Machine Learning two years before it expired, a month ago; public.
            mailbox="omar.haddad",
            institutional_id="SDU-20210115",
            category="partner_employee",
            level="professional",
            organization="Saguaro Analytics (fictional)",
            enrollments=(("Machine Learning", "staff"),),
            results=(
                ResultSpec("CS W120", 800),
                ResultSpec("CS S121", 790),
                ResultSpec("CS A130", 780),
            ),
            public=True,
            expired_days_ago=(("Machine Learning", 30),),
        ),
    ),
)

LEARNERS: tuple[LearnersSpec, ...] = (NONCREDIT_UNIVERSITY_LEARNERS,)


def load_learners(made: Counter[str]) -> None:
    """Create the demo learners that are missing, with their enrollments, results and awards.

    Runs after the institutions, people and micro-credentials are loaded (``microcred demo``, inside its
    transaction, with mail suppressed). Counts what it makes in ``made``. The credentials are signed here,
    before the transaction commits (the on-commit issuing task then finds them signed and does nothing):
    the demo's badges are issued whatever task backend is configured.
    """
    from microcred.catalog import selectors as catalog_selectors
    from microcred.institutions import selectors as institution_selectors
    from microcred.learners import selectors as learner_selectors

    for spec in LEARNERS:
        institution = institution_selectors.institution_by_slug(spec.slug)
        if institution is None:  # pragma: no cover - the institutions are loaded first
            continue
        domain = next(s.domain for s in INSTITUTIONS if s.slug == spec.slug)
        registrar = _demo_person(f"{spec.registrar}@{domain}")
        office = _demo_person(f"{spec.office}@{domain}")
        credentials = {
            version.title: version.micro_credential
            for version in catalog_selectors.published_versions_in(institution.pk).select_related(
                "micro_credential"
            )
        }
        courses = {c.code.upper(): c for c in catalog_selectors.courses_of(institution.pk)}
        for story in spec.stories:
            user = _demo_person(f"{story.mailbox}@{domain}")
            if learner_selectors.learner_of(institution.pk, user.pk) is not None:
                continue  # left as it is: the learner may have moved on in the browser
            _tell_story(story, institution, user, registrar, office, credentials, courses, made)


def _demo_person(email: str) -> User:
    from microcred.accounts import selectors as account_selectors

    user = account_selectors.find_user_by_email(email)
    assert user is not None, email  # every person of the spec was loaded before
    return user


def _tell_story(
    story: LearnerStory,
    institution: Institution,
    user: User,
    registrar: User,
    office: User,
    credentials: dict[str, MicroCredential],
    courses: dict[str, Course],
    made: Counter[str],
) -> None:
    from django.utils import timezone

    from microcred.awards import services as award_services
    from microcred.learners import services as learner_services

    learner = learner_services.ensure_learner(
        institution=institution,
        user=user,
        institutional_id=story.institutional_id,
        category=story.category,
        level=story.level,
        organization=story.organization,
    )
    made["learner"] += 1
    awards: list[Award] = []
    for title, source in story.enrollments:
        if title not in credentials:  # not published in this database (a demo proposal left unpublished)
            continue
        outcome = learner_services.enroll_learner(
            learner=learner,
            micro_credential=credentials[title],
            source=source,
            by=user if source == "self" else registrar,
        )
        awards += outcome.awards
        made["enrollment"] += 1
    today = timezone.localdate()
    for result in story.results:
        recorded = learner_services.record_completion(
            learner=learner,
            data=learner_services.CompletionInput(
                course=courses[result.course.upper()],
                completed_on=today - timedelta(days=result.days_ago),
                result=result.result,
                grade=result.grade,
                evidence_url=result.evidence_url,
                evidence_narrative=result.evidence_narrative,
            ),
            by=registrar,
        )
        awards += recorded.awards
        made["completion"] += 1
    by_title = {award.version.title: award for award in awards}
    for title, days in story.expired_days_ago:
        # A direct change of the dates, before the credential is signed, stands in for the two years that
        # have passed: awarded two years before it expired, ``days`` ago (no service back-dates an award).
        award = by_title[title]
        award.valid_until = timezone.now() - timedelta(days=days)
        award.awarded_at = award.valid_from = award.valid_until - timedelta(days=730)
        award.save(update_fields=["valid_until", "awarded_at", "valid_from"])
    for award in awards:
        issued = award_services.issue_credential(award_id=award.pk, notify=False)
        made["award"] += 1
        if story.public:
            award_services.set_award_visibility(award=issued, public=True, by=user)
    for title, reason in story.revoked:
        award_services.revoke_award(award=by_title[title], reason=reason, by=office)
