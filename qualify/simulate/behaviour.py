"""Timelines before any money changes hands: browsing, marketing touches, signups, product use.

Every probability here reads the account's and the person's hidden propensities plus noise;
nothing reads the Qualify config, so the scorer has to earn its predictions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from qualify.simulate import vocab
from qualify.simulate.calls import Timeline
from qualify.simulate.dice import Dice, sigmoid
from qualify.simulate.world import DAY, Account, Person, anonymous_id, new_person

HOUR = 3600
TRIAL_HORIZON = 45 * DAY  # how long an unconverted team keeps exploring
MAX_PEOPLE = 60
_PAGE_WEIGHTS = (*vocab.MARKETING_PAGES, vocab.PRICING)
# Inviting is not a daily habit; the others are.
_REUSE = {"Teammate Invited": 0.08, "Integration Connected": 0.1}


@dataclass(slots=True)
class Usage:
    """What an account did while exploring the product; the outcome model reads it."""

    champion: Person
    signup_at: int
    kind: str  # "trial" or "freemium"
    card: bool
    features: set[str] = field(default_factory=set)  # key features anyone discovered
    reports: int = 0
    pricing: int = 0
    limits: int = 0
    last_active: int = 0
    members: list[Person] = field(default_factory=list)
    discovered_at: list[int] = field(default_factory=list)  # when each key feature was found
    pricing_at: list[int] = field(default_factory=list)


def browse(tl: Timeline, person: Person, ts: int, dice: Dice, views: int) -> int:
    """A few page views in one sitting; returns the time of the last."""
    for _ in range(views):
        name, path = dice.pick(_PAGE_WEIGHTS)
        tl.page(ts, person, name, path)
        ts += 20 + int(dice.expo(90))
    return ts


def visitors(tl: Timeline, account: Account, dice: Dice) -> None:
    """Anonymous visitors from the company who look around and never identify."""
    for _ in range(dice.count(0.6 + 0.2 * math.log10(account.employees))):
        anon = anonymous_id(account)
        ts = account.arrival + int(dice.expo(20 * DAY))
        for _ in range(1 + dice.count(1.5)):
            name, path = dice.pick(_PAGE_WEIGHTS)
            tl.visit(ts, anon, name, path)
            ts += 30 + int(dice.expo(120))


def marketing(tl: Timeline, account: Account, person: Person, ts: int, dice: Dice) -> int:
    """A lead: identifies through a form, then reads newsletters and attends webinars."""
    ts = browse(tl, person, ts, dice, 1 + dice.count(1.2))
    tl.identify(ts, person, alias=dice.chance(0.1))
    tl.group(ts + 1, person, account.id, account.traits())
    first = "Content Downloaded" if dice.chance(0.4) else "Newsletter Subscribed"
    tl.track(ts + 2, person, first, {"asset": dice.pick(vocab.ASSETS)} if first[0] == "C" else {})
    interest = sigmoid(account.fit + 0.5 * account.urgency)
    for _ in range(dice.count(3.0 + 6.0 * interest)):
        ts += int(dice.expo(6 * DAY))
        _touch(tl, person, ts, dice)
    return ts


def _touch(tl: Timeline, person: Person, ts: int, dice: Dice) -> None:
    roll = dice.uniform()
    if roll < 0.45:
        campaign = dice.pick(vocab.CAMPAIGNS)
        tl.track(ts, person, "Email Clicked", {"campaign": campaign})
        browse(tl, person, ts + 5, dice, 1 + dice.count(0.8))
    elif roll < 0.65:
        tl.track(ts, person, "Webinar Attended", {"webinar": "plg-live"})
    elif roll < 0.8:
        tl.track(ts, person, "Content Downloaded", {"asset": dice.pick(vocab.ASSETS)})
    else:
        browse(tl, person, ts, dice, 1 + dice.count(1.0))


def signup(tl: Timeline, account: Account, person: Person, ts: int, dice: Dice) -> Usage:
    """The champion starts a trial or a freemium workspace; urgent, funded teams give a card."""
    kind = "trial" if dice.chance(0.35 + 0.25 * sigmoid(account.budget)) else "freemium"
    card = kind == "trial" and dice.chance(
        sigmoid(-1.3 + 0.7 * account.urgency + 0.6 * account.budget)
    )
    account.plan = "trial" if kind == "trial" else "free"
    if not person.known:
        ts = browse(tl, person, ts, dice, 1 + dice.count(1.0))
        tl.identify(ts, person, alias=dice.chance(0.1))
    tl.group(ts + 1, person, account.id, account.traits())
    tl.track(ts + 2, person, "Signed Up", {"plan": kind, "credit_card": card})
    usage = Usage(champion=person, signup_at=ts, kind=kind, card=card, last_active=ts)
    explore(tl, account, usage, person, ts + 60, dice)
    return usage


def join(tl: Timeline, account: Account, usage: Usage, person: Person, ts: int, dice: Dice) -> None:
    """A teammate (invited, or a colleague who found the product) joins the workspace."""
    tl.identify(ts, person)
    tl.group(ts + 1, person, account.id, account.traits())
    tl.track(ts + 2, person, "Signed Up", {"plan": usage.kind, "credit_card": False})
    explore(tl, account, usage, person, ts + 60, dice)


def explore(
    tl: Timeline, account: Account, usage: Usage, person: Person, ts: int, dice: Dice
) -> None:
    """A person's sessions over the first weeks: how often and how deep follows engagement."""
    usage.members.append(person)
    drive = person.engagement + 0.4 * account.urgency
    sessions = 1 + dice.count(math.exp(2.0 + 0.7 * drive))
    gap = DAY * min(max(5.0 - 1.8 * drive, 0.4), 12.0)
    used: dict[str, int] = {}
    start = ts
    for n in range(min(sessions, 80)):
        if ts - start > TRIAL_HORIZON:
            break
        _session(tl, account, usage, person, used, ts, drive, n, dice)
        usage.last_active = max(usage.last_active, ts)
        ts += HOUR + int(dice.expo(gap))


def _session(
    tl: Timeline,
    account: Account,
    usage: Usage,
    person: Person,
    used: dict[str, int],
    ts: int,
    drive: float,
    n: int,
    dice: Dice,
) -> None:
    tl.track(ts, person, "Logged In")
    ts += 30 + int(dice.expo(300))
    for event, difficulty in vocab.KEY_FEATURES:
        known = event in used
        # Discovery gets easier with every session; repeat use is a habit once found.
        p = _REUSE.get(event, 0.5) if known else sigmoid(0.9 * drive - difficulty - 0.9 + 0.15 * n)
        if dice.chance(p):
            _feature(tl, account, usage, person, event, ts, dice)
            used[event] = used.get(event, 0) + 1
            ts += 20 + int(dice.expo(240))
    for event in vocab.MINOR_FEATURES:
        if dice.chance(0.3 + 0.1 * len(used)):
            tl.track(ts, person, event)
            ts += 20 + int(dice.expo(180))
    if dice.chance(0.2):
        name, path = vocab.MARKETING_PAGES[3]
        tl.page(ts, person, name, path)
    _intent(tl, account, usage, person, ts, drive, sum(used.values()), dice)


def _feature(
    tl: Timeline, account: Account, usage: Usage, person: Person, event: str, ts: int, dice: Dice
) -> None:
    props: dict[str, object] = {}
    if event == "Teammate Invited":
        props = {"invitee_email": _invite(tl, account, usage, ts, dice)}
    elif event == "Integration Connected":
        props = {"provider": dice.pick(vocab.PROVIDERS)}
    tl.track(ts, person, event, props)
    if event == "Report Created":
        usage.reports += 1
        if usage.reports < 2:  # the config counts reports from the second one
            return
    if event not in usage.features:
        usage.discovered_at.append(ts)
    usage.features.add(event)


def _invite(tl: Timeline, account: Account, usage: Usage, ts: int, dice: Dice) -> str:
    # A team cannot outgrow its company: invites past that are to outside guests.
    if len(account.people) >= min(MAX_PEOPLE, account.employees + 1):
        return f"guest{len(account.people)}@{account.domain}"
    invitee = new_person(account, dice)
    # Invited people share their team's fit; about two in three accept within days.
    if dice.chance(0.65):
        join(tl, account, usage, invitee, ts + HOUR + int(dice.expo(2 * DAY)), dice)
    return invitee.email


def _intent(
    tl: Timeline,
    account: Account,
    usage: Usage,
    person: Person,
    ts: int,
    drive: float,
    depth: int,
    dice: Dice,
) -> None:
    wants = account.budget + account.urgency
    if dice.chance(sigmoid(-2.9 + 0.6 * wants + 0.3 * drive)):
        name, path = vocab.PRICING
        tl.page(ts, person, name, path)
        usage.pricing += 1
        usage.pricing_at.append(ts)
    if usage.kind == "freemium" and depth > 4 and dice.chance(0.02 + 0.01 * min(depth, 12)):
        tl.track(ts + 40, person, "Plan Limit Reached", {"limit": dice.pick(vocab.LIMITS)})
        usage.limits += 1
    if dice.chance(0.03 + 0.03 * sigmoid(account.urgency)):
        tl.track(ts + 80, person, "Support Chat Started")
    if dice.chance(0.006 + 0.02 * sigmoid(wants - 1.0) + 0.02 * account.large):
        tl.track(ts + 120, person, "Demo Requested")
