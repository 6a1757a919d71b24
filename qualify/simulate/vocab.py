"""The words of the simulated world: event names, traits and their weights.

Names here must match the default workspace config (qualify/templates/qualify.yaml), because the
scorer looks for them; the simulator itself never reads that config.
"""

from __future__ import annotations

from typing import Final

INDUSTRIES: Final = (
    ("Software", 24),
    ("Fintech", 9),
    ("E-commerce", 10),
    ("Media", 7),
    ("Healthcare", 8),
    ("Education", 9),
    ("Manufacturing", 8),
    ("Retail", 8),
    ("Nonprofit", 5),
    ("Government", 4),
    ("Competitor", 2),
)
COUNTRIES: Final = (
    ("US", 34),
    ("GB", 9),
    ("DE", 8),
    ("FR", 6),
    ("NL", 4),
    ("CA", 5),
    ("AU", 4),
    ("SE", 3),
    ("IN", 9),
    ("BR", 6),
    ("ES", 4),
    ("IT", 3),
    ("JP", 3),
    ("PL", 2),
)
ROLES: Final = (
    ("Engineer", 30),
    ("Analyst", 14),
    ("Manager", 14),
    ("Director", 6),
    ("VP", 3),
    ("Founder", 5),
    ("Head", 5),
    ("Designer", 9),
    ("Student", 8),
    ("Consultant", 6),
)
TITLES: Final = {
    "Engineer": "Software Engineer",
    "Analyst": "Data Analyst",
    "Manager": "Engineering Manager",
    "Director": "Director of Operations",
    "VP": "VP Engineering",
    "Founder": "Co-founder & CEO",
    "Head": "Head of Product",
    "Designer": "Product Designer",
    "Student": "Student",
    "Consultant": "Independent Consultant",
}
# A promotion moves a person one step up; roles not listed stay put.
PROMOTIONS: Final = {
    "Engineer": "Manager",
    "Analyst": "Manager",
    "Designer": "Head",
    "Manager": "Director",
    "Director": "VP",
    "Student": "Engineer",
}
PERSONAL_DOMAINS: Final = ("gmail.com", "yahoo.com", "hotmail.com", "outlook.com")
FIRST_NAMES: Final = (
    "Ada", "Ben", "Chloe", "Dev", "Elif", "Farah", "Gus", "Hana", "Ivan", "Jun", "Kofi", "Lena",
    "Mateo", "Nina", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wen",
    "Xavi", "Yara", "Zoe",
)  # fmt: skip
LAST_NAMES: Final = (
    "Almeida", "Becker", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito",
    "Jansen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Patel", "Rossi", "Silva",
    "Tanaka", "Novak", "Walsh", "Young", "Zimmer",
)  # fmt: skip
NAME_PARTS: Final = (
    ("Nor", "Vel", "Quan", "Blue", "Arc", "Lum", "Tri", "Hex", "Sol", "Kin", "Zen", "Pax", "Orb"),
    ("vex", "ora", "tide", "stack", "path", "lytics", "nest", "ware", "loop", "grid", "leaf"),
    ("Labs", "Inc", "GmbH", "Ltd", "Co", "Group", "Systems", "AI", "Health", "Digital"),
)

MARKETING_PAGES: Final = (
    ("Home", "/"),
    ("Blog", "/blog"),
    ("Features", "/features"),
    ("Docs", "/docs"),
)
PRICING: Final = ("Pricing", "/pricing")
ASSETS: Final = ("pql-playbook.pdf", "plg-benchmark-2026.pdf", "activation-checklist.pdf")
CAMPAIGNS: Final = ("spring-launch", "product-digest", "webinar-invite", "trial-nurture")

# Key value features: (event, difficulty). Higher difficulty = discovered later and by fewer.
KEY_FEATURES: Final = (
    ("Project Created", 0.2),
    ("Report Created", 1.0),
    ("Teammate Invited", 1.6),
    ("Integration Connected", 2.0),
    ("Dashboard Shared", 2.4),
)
MINOR_FEATURES: Final = ("Workflow Automated", "Comment Added")
PROVIDERS: Final = ("slack", "github", "salesforce", "hubspot", "snowflake", "jira")
LIMITS: Final = ("projects", "seats", "reports", "api_calls")

REPS: Final = ("alex.morgan", "sam.lee", "jordan.kim", "casey.ruiz")
LOSS_REASONS: Final = ("budget", "timing", "chose_competitor", "no_decision")
CHURN_REASONS: Final = ("too_expensive", "missing_features", "switched_tool", "company_closed")
ADDONS: Final = ("sso", "audit_log", "extra_storage", "priority_support")
REVIEW_SITES: Final = ("g2", "capterra", "trustradius")

# Monthly list price per seat, and the plan an upgrade moves to.
PRICE: Final = {"team": 15, "business": 35, "enterprise": 70}
NEXT_PLAN: Final = {"team": "business", "business": "enterprise"}
