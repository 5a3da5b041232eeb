"""The eight NACE career-readiness competencies, named as the seed institutions list them.

NACE (National Association of Colleges and Employers) renamed some of them in 2021; the current name is given
in each description so that either wording finds the competency.
"""

FRAMEWORK = {
    "name": "NACE Career Readiness Competencies",
    "kind": "career_readiness",
    "publisher": "National Association of Colleges and Employers",
    "url": "https://www.naceweb.org/career-readiness/competencies/career-readiness-defined/",
    "description": (
        "Career readiness is the attainment and demonstration of requisite competencies that broadly prepare "
        "college graduates for a successful transition into the workplace."
    ),
}

COMPETENCIES = [
    ("NACE-CT", "Critical thinking/problem solving",
     "Identify and respond to needs based upon an understanding of situational context and logical "
     "analysis of relevant information. (NACE 2021: Critical Thinking.)"),
    ("NACE-COM", "Oral/written communications",
     "Clearly and effectively exchange information, ideas, facts and perspectives with persons inside and "
     "outside of an organization. (NACE 2021: Communication.)"),
    ("NACE-TW", "Teamwork/collaboration",
     "Build and maintain collaborative relationships to work effectively toward common goals, while "
     "appreciating diverse viewpoints and shared responsibilities. (NACE 2021: Teamwork.)"),
    ("NACE-TECH", "Digital technology",
     "Understand and leverage technologies ethically to enhance efficiencies, complete tasks and accomplish "
     "goals. (NACE 2021: Technology.)"),
    ("NACE-LEAD", "Leadership",
     "Recognize and capitalize on personal and team strengths to achieve organizational goals."),
    ("NACE-PRO", "Professionalism/work ethic",
     "Understand and demonstrate effective work habits, and act in the interest of the larger community and "
     "workplace. (NACE 2021: Professionalism.)"),
    ("NACE-CM", "Career management",
     "Proactively develop oneself and one's career through continual personal and professional learning and "
     "networking. (NACE 2021: Career & Self-Development.)"),
    ("NACE-GIF", "Global/intercultural fluency",
     "Demonstrate the awareness, attitude, knowledge and skills required to equitably engage and include "
     "people from different local and global cultures. (NACE 2021: Equity & Inclusion.)"),
]  # fmt: skip
