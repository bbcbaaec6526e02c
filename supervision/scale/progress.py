"""A progress bar on stderr for `seed_scale`: the share done, the step, and the time so far."""

import sys
import time


class Progress:
    def __init__(self, total: float, *, stream=None, width: int = 30):
        self.total = max(total, 1)
        self.done = 0.0
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.started = time.monotonic()
        self.label = ""

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def step(self, label: str) -> None:
        self.label = label
        self._draw()

    def advance(self, amount: float, label: str | None = None) -> None:
        self.done = min(self.total, self.done + amount)
        if label is not None:
            self.label = label
        self._draw()

    def _draw(self) -> None:
        share = self.done / self.total
        filled = int(share * self.width)
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {share:4.0%} {self.elapsed:7.1f} s  {self.label[:48]:<48}")
        self.stream.flush()

    def finish(self) -> float:
        self.done = self.total
        self.label = "done"
        self._draw()
        self.stream.write("\n")
        self.stream.flush()
        return self.elapsed
