"""Fast seeded draws for one account.

numpy's scalar calls cost about a microsecond each and `Generator.choice` far more; the inner
loops make hundreds of draws per account, so uniforms are fetched from numpy in blocks and the
rest is plain arithmetic on them. Each account gets its own generator from (seed, index), so
account k's events never depend on how many accounts came before it.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

import numpy as np

T = TypeVar("T")

_BLOCK = 512


class Dice:
    """Seeded random draws, deterministic given (seed, stream)."""

    __slots__ = ("rng", "uniform")

    def __init__(self, seed: int, stream: int) -> None:
        self.rng = np.random.default_rng([seed, stream])
        # `next` on a chained iterator is a C call: the cheapest uniform Python can get.
        stream_of = itertools.chain.from_iterable(self._blocks())
        self.uniform: Callable[[], float] = functools.partial(next, stream_of)

    def _blocks(self) -> Iterator[list[float]]:
        while True:
            yield self.rng.random(_BLOCK).tolist()

    def chance(self, p: float) -> bool:
        return self.uniform() < p

    def normal(self) -> float:
        # Box-Muller on two block uniforms; 1 - u keeps log away from zero.
        u1, u2 = 1.0 - self.uniform(), self.uniform()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def expo(self, mean: float) -> float:
        return -mean * math.log(1.0 - self.uniform())

    def between(self, low: float, high: float) -> float:
        return low + (high - low) * self.uniform()

    def count(self, mean: float) -> int:
        """A geometric count >= 0 with the given mean: a long tail for free."""
        if mean <= 0:
            return 0
        keep = mean / (1.0 + mean)
        return int(math.log(1.0 - self.uniform()) / math.log(keep))

    def pick(self, items: Sequence[T]) -> T:
        return items[int(self.uniform() * len(items))]


class Weighted(Generic[T]):
    """A fixed weighted choice, drawn by bisecting its cumulative weights."""

    __slots__ = ("_cumulative", "_items", "_total")

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self._items = [item for item, _ in pairs]
        self._cumulative = list(itertools.accumulate(weight for _, weight in pairs))
        self._total = self._cumulative[-1]

    def draw(self, dice: Dice) -> T:
        return self._items[bisect.bisect_right(self._cumulative, dice.uniform() * self._total)]


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))
