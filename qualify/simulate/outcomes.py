"""What happens after exploring: sales, conversion, expansion, advocacy and churn.

Whether an account pays comes from its hidden propensities plus what it actually did in the
product, plus noise: activity predicts conversion well, never perfectly.
"""

from __future__ import annotations

import math

from qualify.simulate import vocab
from qualify.simulate.behaviour import HOUR, Usage
from qualify.simulate.calls import Timeline
from qualify.simulate.dice import Dice, sigmoid
from qualify.simulate.world import DAY, Account, Person

_SENIOR = frozenset({"Director", "VP", "Founder", "Head"})


def propensity(account: Account, usage: Usage, dice: Dice) -> float:
    """The log-odds that this account pays: latents, observed behaviour and noise."""
    return (
        -5.8
        + 0.5 * account.fit
        + 0.4 * account.budget
        + 0.35 * account.urgency
        + 0.55 * len(usage.features)
        + 0.3 * min(usage.pricing, 4)
        + 0.7 * usage.card
        + 0.3 * min(usage.limits, 2)
        + 0.3 * math.log(len(usage.members))
        + _buyer(usage.champion)
        + 0.9 * dice.normal()
    )


def _buyer(champion: Person) -> float:
    """Who drives the trial matters: decision makers buy, students and hobbyists rarely do."""
    if champion.role == "Student":
        return -1.5
    personal = champion.email.rsplit("@", 1)[-1] in vocab.PERSONAL_DOMAINS
    return (0.4 if champion.role in _SENIOR else 0.0) - (0.8 if personal else 0.0)


def outcome(tl: Timeline, account: Account, usage: Usage, dice: Dice) -> None:
    """Decide and write how the account's journey ends (or goes on)."""
    log_odds = propensity(account, usage, dice)
    # Big companies buy through sales more often; a few small ones ask for a call too.
    via_sales = dice.chance(0.7 if account.large else 0.03 + 0.05 * sigmoid(account.budget))
    if via_sales:
        paid_at = _sales(tl, account, usage, log_odds + 1.0, dice)
    elif dice.chance(sigmoid(log_odds)):
        paid_at = _self_serve_time(usage, dice)
    else:
        return
    if paid_at is not None:
        _customer(tl, account, usage, paid_at, via_sales, dice)


def _self_serve_time(usage: Usage, dice: Dice) -> int:
    """Teams pay once they have seen the value: a few days after their second key feature
    (or their last look at pricing), not at a random time after signing up."""
    found = sorted(usage.discovered_at)
    ready = found[min(1, len(found) - 1)] if found else usage.signup_at
    if usage.pricing_at:
        ready = max(ready, min(usage.pricing_at[-1], ready + 14 * DAY))
    paid_at = max(ready, usage.signup_at) + DAY + int(dice.expo(5 * DAY))
    return min(paid_at, usage.signup_at + 89 * DAY)


def _sales(tl: Timeline, account: Account, usage: Usage, log_odds: float, dice: Dice) -> int | None:
    """Contact sales -> call -> opportunity -> won or lost; returns when it was won, if won."""
    ts = usage.signup_at + DAY + int(dice.expo(12 * DAY))
    requester = _senior(usage, ts, dice)
    tl.track(ts, requester, "Contact Sales Requested")
    if not dice.chance(0.85):
        return None
    ts += DAY + int(dice.expo(3 * DAY))
    tl.track(ts, requester, "Sales Call Completed", {"rep": dice.pick(vocab.REPS)})
    wins = dice.chance(sigmoid(log_odds))
    if not (wins or dice.chance(0.45)):
        return None
    ts += DAY + int(dice.expo(5 * DAY))
    amount = 1000 * round(max(account.employees, 20) ** 0.6 * math.exp(0.3 * account.budget))
    opportunity = f"opp-{account.index:06d}"
    tl.track(
        ts, requester, "Opportunity Created", {"amount": amount, "opportunity_id": opportunity}
    )
    ts += 2 * DAY + int(dice.expo(18 * DAY))
    if wins:
        return ts
    tl.track(ts, requester, "Opportunity Lost", {"reason": dice.pick(vocab.LOSS_REASONS)})
    return None


def _members(usage: Usage, ts: int) -> list[Person]:
    """Members who had joined by `ts`: nobody acts before they exist."""
    return [person for person in usage.members if person.since <= ts] or [usage.champion]


def _senior(usage: Usage, ts: int, dice: Dice) -> Person:
    seniors = [p for p in _members(usage, ts) if p.role in _SENIOR]
    return dice.pick(seniors) if seniors else usage.champion


def _customer(
    tl: Timeline, account: Account, usage: Usage, paid_at: int, via_sales: bool, dice: Dice
) -> None:
    buyer = usage.champion
    plan = _first_plan(account, via_sales)
    seats = len(_members(usage, paid_at))
    if via_sales:
        seats = max(seats, min(account.employees // 20, 500))
    tl.track(
        paid_at,
        buyer,
        "Subscription Started",
        {"plan": plan, "mrr": seats * vocab.PRICE[plan], "seats": seats},
    )
    _regroup(tl, account, buyer, paid_at + 1, plan)
    # Happy, well-fitting customers stay longer; churn is a hazard, not a rule.
    monthly_churn = sigmoid(-2.6 - 0.6 * account.fit - 0.25 * len(usage.features))
    churn_at = paid_at + DAY + int(dice.expo(30 * DAY / monthly_churn))
    _expand(tl, account, usage, plan, seats, paid_at, churn_at, dice)
    _keep_using(tl, usage, paid_at, churn_at, dice)
    tl.track(churn_at, buyer, "Subscription Cancelled", {"reason": dice.pick(vocab.CHURN_REASONS)})
    _regroup(tl, account, buyer, churn_at + 1, "free")


def _first_plan(account: Account, via_sales: bool) -> str:
    if via_sales:
        return "enterprise" if account.employees >= 2000 or account.budget > 1.2 else "business"
    return "business" if account.employees >= 200 and account.budget > 0.5 else "team"


def _regroup(tl: Timeline, account: Account, person: Person, ts: int, plan: str) -> None:
    account.plan = plan
    tl.group(ts, person, account.id, account.traits())


def _expand(
    tl: Timeline,
    account: Account,
    usage: Usage,
    plan: str,
    seats: int,
    paid_at: int,
    churn_at: int,
    dice: Dice,
) -> None:
    """Upgrades, add-ons, referrals and reviews, each only if it happens before churn."""
    buyer = usage.champion
    upgrade_at = paid_at + DAY + int(dice.expo(70 * DAY))
    if (
        plan in vocab.NEXT_PLAN
        and upgrade_at < churn_at
        and dice.chance(sigmoid(-1.0 + account.budget))
    ):
        to = vocab.NEXT_PLAN[plan]
        props = {"from_plan": plan, "plan": to, "mrr": seats * vocab.PRICE[to]}
        tl.track(upgrade_at, buyer, "Subscription Upgraded", props)
        _regroup(tl, account, buyer, upgrade_at + 1, to)
    addon_at = paid_at + DAY + int(dice.expo(50 * DAY))
    if addon_at < churn_at and dice.chance(sigmoid(-1.6 + 0.8 * account.budget)):
        tl.track(addon_at, buyer, "Add-on Purchased", {"addon": dice.pick(vocab.ADDONS)})
    fan = dice.pick(_members(usage, paid_at))
    refer_at = paid_at + DAY + int(dice.expo(40 * DAY))
    if refer_at < churn_at and dice.chance(sigmoid(-1.4 + fan.engagement)):
        friend = f"{dice.pick(vocab.FIRST_NAMES)}@{dice.pick(vocab.NAME_PARTS[0])}friend.com"
        tl.track(refer_at, fan, "Referral Sent", {"referred_email": friend.lower()})
    review_at = paid_at + DAY + int(dice.expo(60 * DAY))
    if review_at < churn_at and dice.chance(0.1 + 0.15 * sigmoid(account.fit)):
        rating = min(5, max(1, round(4 + account.fit + 0.7 * dice.normal())))
        tl.track(
            review_at,
            fan,
            "Review Posted",
            {"site": dice.pick(vocab.REVIEW_SITES), "rating": rating},
        )


def _keep_using(tl: Timeline, usage: Usage, paid_at: int, churn_at: int, dice: Dice) -> None:
    """Paying teams keep working in the product until they churn (or the world ends)."""
    horizon = min(churn_at, tl.end)
    for person in usage.members:
        if not dice.chance(sigmoid(person.engagement + 0.8)):
            continue
        ts = max(paid_at, person.since) + HOUR + int(dice.expo(3 * DAY))
        for _ in range(min(1 + dice.count(6.0 + 6.0 * sigmoid(person.engagement)), 40)):
            if ts >= horizon:
                break
            tl.track(ts, person, "Logged In")
            for event, _ in vocab.KEY_FEATURES[:2]:
                if dice.chance(0.5):
                    tl.track(ts + 60, person, event)
            ts += HOUR + int(dice.expo(7 * DAY))
