"""Demo data for contact requirements: the seed case's twice-weekly requirement, and three cases that are
overdue, due soon and met under the default rules on the day the data is loaded."""

from datetime import timedelta

from supervision.demo.users import SEED_CASE_CRN
from supervision.models import Case, ContactType
from supervision.services.case_requirements import CaseRequirementDetails, set_case_requirement

DEMO_CASES = [
    # crn, first name, last name, RoSH, supervision type, days since start, office days, home visit days
    ("P104411", "Connor", "Garside", Case.RoSH.HIGH, Case.SupervisionType.LICENCE, 20, [1, 8, 15], []),
    ("P104412", "Jade", "Hartley", Case.RoSH.MEDIUM, Case.SupervisionType.LICENCE, 40, [1, 8, 15, 22, 29, 36], []),
    ("P104413", "Owen", "Varley", Case.RoSH.LOW, Case.SupervisionType.COMMUNITY_ORDER, 60, [5, 19, 33, 47], [20]),
]


def build_contact_requirement_demo(builder) -> None:
    """Safe to run twice: adds nothing the second time."""
    today = builder.today
    ro, manager = builder.users["priya.shah"], builder.users["helen.carter"]
    seed = Case.objects.filter(crn=SEED_CASE_CRN).first()
    if seed is not None and not seed.contact_requirements.exists():
        reason = (
            "Acute risk factor: new relationship with a vulnerable, pregnant partner, and repeated reports of "
            "entering the exclusion zone. Seen twice a week: once at the office and once at home (by the "
            "responsible officer or the police)."
        )
        for description, contact_types, home_visits in [
            ("Office appointment", list(ContactType.objects.filter(code__in=["COAP", "COAI"])), False),
            ("Home visit", [], True),
        ]:
            details = CaseRequirementDetails(
                contact_description=description,
                contact_types=contact_types,
                counts_home_visits=home_visits,
                contacts_needed=1,
                every_days=7,
                starts_on=seed.started_on,
                ends_on=today + timedelta(days=56),
                reason=reason,
            )
            set_case_requirement(seed, details, by=manager, today=today)
    for crn, first, last, rosh, kind, days, office_days, home_days in DEMO_CASES:
        if Case.objects.filter(crn=crn).exists():
            continue
        started = today - timedelta(days=days)
        case = Case.objects.create(
            crn=crn,
            first_name=first,
            last_name=last,
            date_of_birth=started.replace(year=started.year - 30),
            address="8 Mill Lane\nAvonford",
            postcode="AV2 3PL",
            supervision_type=kind,
            started_on=started,
            expected_end_on=started + timedelta(days=365),
            rosh=rosh,
            tier="C",
            team=ro.profile.team,
            responsible_officer=ro,
        )
        for offset in office_days:
            builder.contact(case, "COAP", started + timedelta(days=offset), 10, notes="Reporting as directed.")
        for offset in home_days:
            builder.contact(
                case, "CHVS", started + timedelta(days=offset), 15, notes="Home visit: address verified, no concerns."
            )
