"""Client-side limits for one endpoint submission: a tokens-per-minute bucket and a token estimate.

Requests-per-second uses aiolimiter directly (see endpoint.py); tokens need their own bucket
because the true cost of a call is only known after it (from the returned `usage`).
"""

from __future__ import annotations

import asyncio
import math
import re
import time
from collections.abc import Callable

# CJK ideographs, kana, hangul and full-width forms: roughly 1.5 characters per token for
# common BPE vocabularies, against ~4 characters per token for Latin text. Compiled at first use
# (by `re`'s own cache): compiling it took ~6 ms of every run's start, and only submissions
# with `tokens_per_minute` estimate tokens.
_CJK = r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
CJK_CHARS_PER_TOKEN = 1.5
LATIN_CHARS_PER_TOKEN = 4.0


def estimate_prompt_tokens(text: str) -> int:
    """A tokenizer-free estimate of a prompt's token count, weighting CJK and other characters apart."""
    cjk = len(re.findall(_CJK, text))
    return math.ceil(cjk / CJK_CHARS_PER_TOKEN + (len(text) - cjk) / LATIN_CHARS_PER_TOKEN)


class TokenBucket:
    """A token bucket refilled continuously at `tokens_per_minute / 60` per second.

    `acquire` charges an estimate before a call; `settle` corrects the charge once the real
    usage is known. The level may go negative after an under-estimate: later callers then
    wait for the debt to refill, so the per-minute budget holds on average.
    """

    def __init__(self, tokens_per_minute: int, clock: Callable[[], float] = time.monotonic):
        if tokens_per_minute <= 0:
            raise ValueError("tokens_per_minute must be positive")
        self.capacity = float(tokens_per_minute)
        self.rate_per_s = tokens_per_minute / 60.0
        self._clock = clock
        self._level = self.capacity
        self._updated = clock()
        # One waiter at a time, in arrival order: a large request cannot be starved by small ones.
        self._lock = asyncio.Lock()

    @property
    def level(self) -> float:
        self._refill()
        return self._level

    async def acquire(self, tokens: float) -> float:
        """Wait until `tokens` are available and take them; returns the amount charged.

        A request larger than the whole bucket is charged the bucket's capacity, otherwise it
        could never run.
        """
        charge = min(float(tokens), self.capacity)
        async with self._lock:
            self._refill()
            while self._level < charge:
                await asyncio.sleep((charge - self._level) / self.rate_per_s)
                self._refill()
            self._level -= charge
        return charge

    def settle(self, charged: float, actual: float) -> None:
        """Refund (or charge) the difference between what `acquire` took and what the call used."""
        self._refill()
        self._level = min(self.capacity, self._level + charged - actual)

    def _refill(self) -> None:
        now = self._clock()
        self._level = min(self.capacity, self._level + (now - self._updated) * self.rate_per_s)
        self._updated = now
