"""What the intake and allocation tests share: a valid case opening, and a valid PNC number from a serial."""

from datetime import timedelta

from django.utils import timezone

from supervision.models import Case
from supervision.services.intake import CaseOpening, pnc_check_letter


def pnc(serial: int, year: str = "2019") -> str:
    digits = f"{serial:07d}"
    return f"{year}/{digits}{pnc_check_letter(year, digits)}"


def opening(team, **changes) -> CaseOpening:
    today = timezone.localdate()
    fields = {
        "team": team,
        "first_name": "Callum",
        "last_name": "Brennan",
        "date_of_birth": today.replace(year=today.year - 30),
        "pnc_number": pnc(123456),
        "supervision_type": Case.SupervisionType.LICENCE,
        "started_on": today - timedelta(days=2),
        "expected_end_on": today + timedelta(days=365),
        "releasing_prison": "HMP Bristol",
        "address": "3 Quarry Lane\nAvonford",
        "postcode": "av3 7ql",
        "rosh": Case.RoSH.HIGH,
        "tier": Case.Tier.B,
    }
    fields.update(changes)
    return CaseOpening(**fields)
