"""What every step of the generator gets: the size, the day, a seeded random source and a cursor."""

import random
from dataclasses import dataclass, field
from datetime import date

from supervision.scale.progress import Progress
from supervision.scale.sizes import Size

# Every generated sign-in has this password, published like the demo's: `seed_scale` refuses to run outside
# DEBUG or DEMO_MODE without --force.
SCALE_PASSWORD = "caseworks-scale"


@dataclass
class ScaleRun:
    size: Size
    today: date
    cursor: object
    progress: Progress
    rng: random.Random = field(default_factory=lambda: random.Random(20261128))

    def execute(self, sql: str, params=()) -> None:
        self.cursor.execute(sql, params)

    def scalar(self, sql: str, params=()):
        self.cursor.execute(sql, params)
        return self.cursor.fetchone()[0]
