"""Generated data at scale, for benchmarks: `python manage.py seed_scale --size {test,ci,region,national}`.

Every row is written by set-based SQL (`INSERT ... SELECT` over `generate_series`), never object by object, and
holds what the services would have written (the same fields filled, history rows included) and every CHECK
constraint. Supervision generates the organisation, the staff and the case records; apps built on it (mappa)
register their own steps from `AppConfig.ready()`, as they do for the demo, so supervision never imports them.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ScaleStep:
    name: str
    build: Callable  # gets the ScaleRun (supervision.scale.run)
    order: int  # registered steps run in this order after supervision's own
    weight: int = 5  # share of the progress bar


SCALE_STEPS: list[ScaleStep] = []


def register_scale_step(*steps: ScaleStep) -> None:
    SCALE_STEPS.extend(step for step in steps if step not in SCALE_STEPS)
    SCALE_STEPS.sort(key=lambda step: step.order)
