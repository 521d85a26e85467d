"""Progress of a job made of stages: each stage's own 0..1 mapped onto the whole job's 0..1."""

from __future__ import annotations

from collections.abc import Callable, Mapping

ProgressFn = Callable[[float], None]


class Stages:
    """Hands out one progress callback per stage, weighted by the stage's share of the job.

    Stages are taken in the order they run; a stage's callback reports
    ``base + weight * fraction`` (clamped), so the whole never goes back.

    Args:
        weights: Stage name -> share of the whole job (summing to about 1).
        callback: Called with the fraction of the whole job (None: nobody listens).
    """

    def __init__(self, weights: Mapping[str, float], callback: ProgressFn | None) -> None:
        self.weights, self.callback, self.done = weights, callback, 0.0

    def stage(self, name: str) -> ProgressFn:
        """The callback of stage ``name`` (reports the stage's start at once)."""
        base, weight = self.done, self.weights[name]
        self.done += weight

        def report(fraction: float) -> None:
            if self.callback is not None:
                self.callback(min(1.0, base + weight * max(0.0, min(1.0, fraction))))
        report(0.0)
        return report

    def finish(self) -> None:
        """Report the whole job as done."""
        if self.callback is not None:
            self.callback(1.0)
