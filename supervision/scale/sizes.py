"""How much data each `seed_scale --size` generates.

Proportions follow probation in England and Wales: about 240,000 people under supervision, 12 regions, about
100 probation delivery units, a mean caseload of 36 per officer with a tail past 50, about 8 officers to a
team under one senior probation officer.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    name: str
    active_cases: int
    contacts: int  # contacts on the active cases, roughly (closed cases add a little more)
    regions: int
    pdus_per_region: int
    officers_per_team: int = 8
    mean_caseload: float = 36.0
    closed_share: float = 0.10  # cases already closed or recalled, beyond the active ones
    rejected_mappa_referrals: int = 0  # rough target; follows the active cases

    @property
    def officers(self) -> int:
        return max(2, round(self.active_cases / self.mean_caseload))

    @property
    def teams(self) -> int:
        return max(1, round(self.officers / self.officers_per_team))

    @property
    def contacts_per_case(self) -> float:
        return self.contacts / self.active_cases


SIZES = {
    # Small enough for the test suite, large enough for a caseload tail past 50 and every kind of row.
    "test": Size("test", active_cases=180, contacts=9_000, regions=1, pdus_per_region=1, rejected_mappa_referrals=2),
    "ci": Size("ci", active_cases=2_000, contacts=150_000, regions=1, pdus_per_region=2, rejected_mappa_referrals=8),
    "region": Size(
        "region", active_cases=20_000, contacts=1_600_000, regions=1, pdus_per_region=9, rejected_mappa_referrals=75
    ),
    "national": Size(
        "national",
        active_cases=250_000,
        contacts=20_000_000,
        regions=12,
        pdus_per_region=9,
        rejected_mappa_referrals=900,
    ),
}
