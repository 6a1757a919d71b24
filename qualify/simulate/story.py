"""One account's whole story, from the first anonymous visit to churn, as sorted calls."""

from __future__ import annotations

import math

from qualify.simulate import vocab
from qualify.simulate.behaviour import join, marketing, signup, visitors
from qualify.simulate.calls import Call, Timeline
from qualify.simulate.dice import Dice, sigmoid
from qualify.simulate.outcomes import outcome
from qualify.simulate.world import DAY, Account, draw_account, new_person


def account_story(seed: int, index: int, start: int, days: int) -> tuple[Account, list[Call]]:
    """The account and its calls, sorted by time (stable, so each person's order holds)."""
    dice = Dice(seed, index)
    account = draw_account(dice, index, start, days)
    tl = Timeline(start + days * DAY)
    _journey(tl, account, dice)
    visitors(tl, account, dice)
    _promotions(tl, account, dice)
    tl.calls.sort(key=_time)
    return account, tl.calls


def _time(call: Call) -> int:
    return call.ts


def _journey(tl: Timeline, account: Account, dice: Dice) -> None:
    champion = new_person(account, dice)
    ts = account.arrival
    # Some teams come in through marketing first; others go straight to a signup.
    signs_up = dice.chance(sigmoid(0.6 + 0.8 * account.fit + 0.3 * account.urgency))
    if not signs_up or dice.chance(0.5):
        ts = marketing(tl, account, champion, ts, dice)
    size = math.log10(account.employees)
    for _ in range(dice.count(0.15 + 0.35 * size)):
        # Colleagues who read the same newsletters; only some of them ever sign up.
        colleague = new_person(account, dice)
        marketing(tl, account, colleague, account.arrival + int(dice.expo(30 * DAY)), dice)
    if not signs_up:
        return
    signed_at = ts + int(dice.expo(4 * DAY)) + 60
    usage = signup(tl, account, champion, signed_at, dice)
    for colleague in account.people[1:]:
        if colleague.known and colleague not in usage.members and dice.chance(0.3):
            join(tl, account, usage, colleague, max(colleague.since, signed_at) + DAY, dice)
    outcome(tl, account, usage, dice)


def _promotions(tl: Timeline, account: Account, dice: Dice) -> None:
    """Now and then a person's role changes, so traits change over time."""
    for person in account.people:
        new_role = vocab.PROMOTIONS.get(person.role)
        if person.known and new_role and dice.chance(0.08):
            person.role = new_role
            tl.identify(person.since + DAY + int(dice.expo(60 * DAY)), person)
