"""Intake and allocation in the demo, opened through the intake service as a line manager would: a licence case
released three days ago and allocated to Tom Hughes; a community order waiting in Avonford North's allocation
queue for two days; and a case opened in Kingsbridge, allocated to Amina Begum, then transferred to Priya Shah in
Avonford North when the person moved. Skipped when already there (by PNC number), so seed_demo adds nothing twice."""

from datetime import timedelta

from django.utils import timezone

from supervision.models import Case, Team
from supervision.services.allocation import allocate_case, transfer_case
from supervision.services.intake import CaseOpening, open_case, pnc_check_letter


def _pnc(year: str, serial: str) -> str:
    return f"{year}/{serial}{pnc_check_letter(year, serial)}"


def build_intake_demo(builder) -> None:
    users, today = builder.users, builder.today
    manager, kingsbridge_manager = users["helen.carter"], users["ruth.penhaligon"]
    north = Team.objects.get(name="Avonford North")
    kingsbridge = Team.objects.get(name="Kingsbridge")
    now = timezone.now()

    released = _pnc("2016", "0481127")
    if not Case.objects.filter(pnc_number=released).exists():
        case = open_case(
            CaseOpening(
                team=north,
                first_name="Callum",
                last_name="Brennan",
                date_of_birth=today.replace(year=today.year - 29) - timedelta(days=40),
                pnc_number=released,
                supervision_type=Case.SupervisionType.LICENCE,
                started_on=today - timedelta(days=3),
                expected_end_on=today + timedelta(days=400),
                hdc_curfew_ends_on=today + timedelta(days=60),
                releasing_prison="HMP Bristol",
                address="Flat 3, 18 Quarry Lane\nAvonford",
                postcode="AV3 7QL",
                rosh=Case.RoSH.MEDIUM,
                tier=Case.Tier.C,
            ),
            by=manager,
            now=now - timedelta(days=4),
        )
        allocate_case(
            case,
            officer=users["tom.hughes"],
            reason="Lowest caseload in the team; Tom supervised his brother's licence.",
            by=manager,
            now=now - timedelta(days=3),
        )

    waiting = _pnc("2021", "0093314")
    if not Case.objects.filter(pnc_number=waiting).exists():
        open_case(
            CaseOpening(
                team=north,
                first_name="Shannon",
                last_name="Kearney",
                date_of_birth=today.replace(year=today.year - 24) - timedelta(days=100),
                pnc_number=waiting,
                supervision_type=Case.SupervisionType.COMMUNITY_ORDER,
                started_on=today - timedelta(days=2),
                expected_end_on=today + timedelta(days=363),
                court="Avonford Magistrates' Court",
                address="27 Mill Street\nAvonford",
                postcode="AV1 4MS",
                rosh=Case.RoSH.LOW,
                tier=Case.Tier.E,
            ),
            by=manager,
            now=now - timedelta(days=2),
        )

    moved = _pnc("2012", "0350998")
    if not Case.objects.filter(pnc_number=moved).exists():
        case = open_case(
            CaseOpening(
                team=kingsbridge,
                first_name="Dean",
                last_name="Marchant",
                date_of_birth=today.replace(year=today.year - 41) - timedelta(days=200),
                pnc_number=moved,
                supervision_type=Case.SupervisionType.SSO,
                started_on=today - timedelta(days=60),
                expected_end_on=today + timedelta(days=670),
                court="Kingsbridge Crown Court",
                address="9 Harbour View\nAvonford",
                postcode="AV2 9HV",
                rosh=Case.RoSH.HIGH,
                tier=Case.Tier.B,
            ),
            by=kingsbridge_manager,
            now=now - timedelta(days=60),
        )
        allocate_case(
            case,
            officer=users["amina.begum"],
            reason="Experienced with high RoSH suspended sentence orders.",
            by=kingsbridge_manager,
            now=now - timedelta(days=59),
        )
        transfer_case(
            case,
            team=north,
            officer=users["priya.shah"],
            reason="Moved to Avonford to live with his sister; agreed with Helen Carter.",
            by=kingsbridge_manager,
            now=now - timedelta(days=10),
        )
