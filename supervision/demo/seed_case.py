"""The seed case from the inspection case study (fictional name): released on licence to his mother's address
with an exclusion zone, a new relationship with a pregnant, vulnerable partner, and the contacts around it."""

from datetime import date, timedelta

from supervision.demo.caseload import DemoBuilder
from supervision.demo.users import SEED_CASE_CRN
from supervision.models import Case, Contact, KeyIndividual
from supervision.services.conditions import end_condition
from supervision.services.risk import raise_acute_risk_factor, record_relationship_disclosure


def build_seed_case(demo: DemoBuilder) -> None:
    """The inspection case study: released to his mother's, exclusion zone, a new pregnant partner."""
    ro = demo.users["priya.shah"]
    released = demo.today - timedelta(days=126)
    case = Case.objects.create(
        crn=SEED_CASE_CRN,
        first_name="Damien",
        last_name="Hollis",
        date_of_birth=date(1994, 3, 9),
        address="27 Larkspur Road\nAvonford",
        postcode="AV4 7QT",
        supervision_type=Case.SupervisionType.LICENCE,
        started_on=released,
        expected_end_on=released + timedelta(days=540),
        hdc_curfew_ends_on=released + timedelta(days=56),
        rosh=Case.RoSH.HIGH,
        tier=Case.Tier.B,
        # Level 1 on release: the MAPPA demo step raises it to level 2 when the rejection is overturned.
        mappa_category=Case.MappaCategory.VIOLENT,
        mappa_level=Case.MappaLevel.ONE,
        team=demo.teams["Avonford North"],
        responsible_officer=ro,
    )
    mother = demo.key_individual(
        case,
        name="Carol Hollis",
        relationship=KeyIndividual.Relationship.MOTHER,
        phone="07700 900412",
        address="27 Larkspur Road, Avonford AV4 7QT",
        notes="Damien lives with her. Reliable; does not make excuses for him.",
    )
    victim = demo.key_individual(
        case,
        name="Leanne Pryor",
        relationship=KeyIndividual.Relationship.FORMER_PARTNER,
        is_victim=True,
        is_vulnerable=True,
        notes="Victim of the index offence. In the Victim Contact Scheme: contact only through the VLO.",
    )
    partner = demo.key_individual(
        case,
        name="Kayleigh Dunn",
        relationship=KeyIndividual.Relationship.PARTNER,
        is_potential_victim=True,
        is_vulnerable=True,
        is_pregnant=True,
        children="Expecting their first child.",
        notes="New relationship started shortly after release; not disclosed as the licence requires.",
    )
    demo.standard_conditions(case)
    demo.condition(case, "RES1", wording="Reside at 27 Larkspur Road, Avonford, with your mother.")
    demo.condition(
        case,
        "EXZ1",
        exclusion_zone_description="The Eastfield estate, Avonford, bounded by Wharf Street, the ring road "
        "and the canal, as shown on the map provided.",
    )
    demo.condition(
        case,
        "NCT1",
        key_individual=victim,
        wording="Not to approach or communicate with Leanne Pryor without the prior approval of the "
        "supervising officer.",
    )
    demo.condition(case, "REL1")
    demo.condition(case, "PRG1")
    curfew = demo.condition(case, "CUR1", wording="HDC curfew 19:00–07:00 at the approved address.")
    end_condition(curfew, ended_on=case.hdc_curfew_ends_on, reason="HDC curfew period ended.", by=ro)

    demo.flag(case, "MAPP", released, demo.today + timedelta(days=60))
    demo.flag(case, "DAPE", released, demo.today + timedelta(days=20))
    demo.flag(case, "VCSC", released, demo.today - timedelta(days=4))  # review overdue
    demo.flag(case, "CHCN", released + timedelta(days=49), demo.today + timedelta(days=45))

    # Twice a week: once at the office, once at home (the RO or the police).
    day = released + timedelta(days=1)
    week = 0
    while day < demo.today - timedelta(days=2):
        office = day
        home = day + timedelta(days=3)
        demo.contact(
            case,
            "COAP",
            office,
            10,
            notes="Reporting as directed. Discussed accommodation and employment. Reminded of exclusion zone.",
        )
        if home < demo.today:
            if week % 2:
                demo.contact(
                    case,
                    "CHVP",
                    home,
                    20,
                    notes="Police home visit on the RO's behalf: Damien present, mother present, no concerns.",
                    made_by=Contact.MadeBy.POLICE,
                    made_by_user=None,
                    made_by_name="PC Rachel Jones",
                    made_by_identifier="4471",
                    made_by_agency="Wessex Police",
                    location="27 Larkspur Road, Avonford",
                )
            else:
                demo.contact(
                    case,
                    "CHVS",
                    home,
                    16,
                    notes="Home visit. Spoke with Damien and his mother separately; "
                    "mother confirms he is in by the curfew.",
                    location="27 Larkspur Road, Avonford",
                    key_individual=mother,
                )
        day += timedelta(days=7)
        week += 1

    events = [
        (
            20,
            "CLVL",
            "VLO reports that Leanne says Damien was seen on the Eastfield estate on Saturday. "
            "Allegation passed to police for checks.",
            True,
            victim,
        ),
        (
            22,
            "CLPO",
            "Police checks: no sightings confirmed; Damien says he was at his mother's. Mother "
            "confirms. Conflicting accounts: unable to determine.",
            True,
            None,
        ),
        (
            41,
            "CKIN",
            "Damien's mother mentions a new girlfriend, Kayleigh. Not disclosed by Damien as the licence requires.",
            False,
            mother,
        ),
        (
            44,
            "COAP",
            "Warning issued for entering the exclusion zone (CCTV confirmed by police) and failure "
            "to disclose a developing relationship.",
            False,
            None,
        ),
        (
            63,
            "CKIN",
            "Kayleigh is pregnant. Assessed as vulnerable. Acute risk factor: contact level and "
            "safeguarding referrals reviewed with SPO.",
            True,
            partner,
        ),
        (64, "CLCS", "Safeguarding referral discussed with children's social care (unborn child).", True, partner),
        (65, "CLMR", "MARAC referral sent for Kayleigh.", True, partner),
        (92, "CLPO", "Police report Damien stopped driving a vehicle while disqualified.", False, None),
    ]
    for offset, code, notes, sensitive, individual in events:
        demo.contact(
            case,
            code,
            released + timedelta(days=offset),
            11,
            outcome=Contact.Outcome.CONTACT_MADE,
            notes=notes,
            is_sensitive=sensitive,
            key_individual=individual,
        )
    # The new relationship: learned of from his mother, not disclosed as the licence requires; three weeks
    # later the pregnancy makes it an acute risk factor, still awaiting its review so the banner shows.
    record_relationship_disclosure(
        case,
        key_individual=partner,
        learned_on=released + timedelta(days=41),
        is_disclosed_by_person=False,
        source="His mother, during a home visit",
        by=ro,
    )
    raise_acute_risk_factor(
        case,
        description="New partner Kayleigh is pregnant and vulnerable",
        identified_on=released + timedelta(days=63),
        key_individual=partner,
        by=ro,
    )
    # Next appointment: office on Monday-ish. (His programme sessions are booked by the programme demo step,
    # supervision/demo/programmes.py, through the programmes service.)
    demo.appointment(case, "COAP", demo.today + timedelta(days=2), 10)
    return case


# The rest of the caseload ---------------------------------------------------------------------
