"""Changes to cases in the demo, recorded through the services officers and managers use: the seed case's RoSH
reassessed after the acute risk factor and its licence varied (exclusion zone), and another of Priya Shah's cases
moved to approved premises, so the case details, case history and chronology show real changes."""

from datetime import timedelta

from supervision.demo.users import SEED_CASE_CRN
from supervision.models import Case, CaseChange
from supervision.services import case_changes


def build_case_changes_demo(builder) -> None:
    users = builder.users
    officer, manager = users["priya.shah"], users["helen.carter"]
    seed = Case.objects.filter(crn=SEED_CASE_CRN).first()
    if seed is None or CaseChange.objects.filter(case=seed).exists():
        return
    case_changes.reassess_rosh(
        seed,
        rosh=Case.RoSH.HIGH,
        assessed_on=seed.started_on + timedelta(days=64),
        reason="Reassessed after the acute risk factor: new partner pregnant and vulnerable. RoSH stays high; "
        "risk to the partner and unborn child added.",
        by=officer,
    )
    case_changes.record_licence_variation(
        seed,
        varied_on=seed.started_on + timedelta(days=70),
        what_changed="Exclusion zone extended to include the streets around the victim's new address.",
        authorised_by="Governor, HMP Avonford",
        reason="The victim moved within Avonford; the VLO asked for the zone to cover her new address.",
        by=officer,
    )
    other = (
        Case.objects.active()
        .filter(
            responsible_officer=officer, access_limits__isnull=True, started_on__lte=builder.today - timedelta(days=5)
        )
        .exclude(crn=SEED_CASE_CRN)
        .order_by("-crn")
        .first()
    )
    if other is not None:
        case_changes.move_address(
            other,
            address="Mill Lane Approved Premises\n3 Mill Lane\nAvonford",
            postcode="AV1 2AA",
            moved_on=builder.today - timedelta(days=5),
            is_approved_premises=True,
            approved_premises_ends_on=builder.today + timedelta(days=79),
            reason="Asked to leave his sister's flat after an argument; placed in approved premises by the duty SPO.",
            by=manager,
        )
