"""Accounts and people: who exists in the world, with their hidden propensities."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from qualify.simulate import vocab
from qualify.simulate.dice import Dice, Weighted

DAY = 86_400
INDUSTRY = Weighted(vocab.INDUSTRIES)
COUNTRY = Weighted(vocab.COUNTRIES)
ROLE = Weighted(vocab.ROLES)
# A median company of ~25 people with a lognormal tail reaching tens of thousands.
_MEDIAN_EMPLOYEES = math.log(25.0)
_SIZE_SIGMA = 1.8


@dataclass(slots=True)
class Person:
    user_id: str
    anon_id: str
    name: str
    email: str
    role: str
    engagement: float  # hidden: how often this person comes back and explores
    known: bool = False  # identified yet; before that only the anonymous id is sent
    group_id: str | None = None  # set once the person belongs to the account
    since: int = 0  # when the person first identified

    def traits(self) -> dict[str, object]:
        return {
            "email": self.email,
            "name": self.name,
            "role": self.role,
            "title": vocab.TITLES[self.role],
        }


@dataclass(slots=True)
class Account:
    index: int
    id: str
    name: str
    domain: str
    industry: str
    employees: int
    country: str
    arrival: int  # epoch seconds of the first touch
    fit: float  # hidden: how much value the product gives this team
    budget: float  # hidden: ability to pay, grows with size
    urgency: float  # hidden: how soon they need a solution
    plan: str = "free"
    people: list[Person] = field(default_factory=list)
    anonymous: int = 0

    def traits(self) -> dict[str, object]:
        return {
            "name": self.name,
            "industry": self.industry,
            "employees": self.employees,
            "country": self.country,
            "plan": self.plan,
        }

    @property
    def large(self) -> bool:
        return self.employees >= 500


# How much the product suits each industry (a world model, not the scorer's config).
_INDUSTRY_FIT = {
    "Software": 0.6,
    "Fintech": 0.5,
    "E-commerce": 0.4,
    "Media": 0.2,
    "Healthcare": 0.2,
    "Retail": 0.0,
    "Manufacturing": -0.3,
    "Education": -0.3,
    "Nonprofit": -0.5,
    "Government": -0.6,
    "Competitor": -1.5,
}


def _size_fit(employees: int) -> float:
    """Teams of tens to a few thousand get the most from the product; the very small least."""
    size = math.log10(max(employees, 1))
    return 0.5 * min(size - 1.2, 1.0) if size < 3.7 else 0.3


def draw_account(dice: Dice, index: int, start: int, days: int) -> Account:
    """One company, its firmographics and its latent propensities."""
    employees = int(math.exp(_MEDIAN_EMPLOYEES + _SIZE_SIGMA * dice.normal()))
    employees = min(max(employees, 1), 50_000)
    industry = INDUSTRY.draw(dice)
    parts = [dice.pick(options) for options in vocab.NAME_PARTS]
    name = f"{parts[0]}{parts[1]} {parts[2]}"
    # The product suits some kinds of company better: fit is firmographics plus much noise.
    fit = 0.8 * dice.normal() + _INDUSTRY_FIT.get(industry, 0.0) + _size_fit(employees)
    return Account(
        index=index,
        id=f"acct-{index:06d}",
        name=name,
        domain=f"{parts[0]}{parts[1]}{index}.{'io' if dice.chance(0.4) else 'com'}".lower(),
        industry=industry,
        employees=employees,
        country=COUNTRY.draw(dice),
        arrival=start + int(dice.uniform() * days * DAY),
        fit=fit,
        budget=0.5 * (math.log10(employees) - 1.4) + 0.8 * dice.normal(),
        urgency=dice.normal(),
    )


def new_person(account: Account, dice: Dice) -> Person:
    """A person of this company, not yet identified."""
    seq = len(account.people)
    first, last = dice.pick(vocab.FIRST_NAMES), dice.pick(vocab.LAST_NAMES)
    role = ROLE.draw(dice)
    if dice.chance(0.15):
        email = f"{first}.{last}{account.index % 97}@{dice.pick(vocab.PERSONAL_DOMAINS)}"
    else:
        email = f"{first}.{last}@{account.domain}"
    # Students explore but rarely stay; everyone else follows the team's fit, plus their own noise.
    engagement = 0.6 * account.fit + 0.8 * dice.normal() - (0.8 if role == "Student" else 0.0)
    person = Person(
        user_id=f"user-{account.index:06d}-{seq:02d}",
        anon_id=f"anon-{account.index:06d}-{seq:02d}",
        name=f"{first} {last}",
        email=email.lower(),
        role=role,
        engagement=engagement,
    )
    account.people.append(person)
    return person


def anonymous_id(account: Account) -> str:
    """A fresh id for a visitor who never identifies."""
    account.anonymous += 1
    return f"anon-{account.index:06d}-v{account.anonymous:02d}"
