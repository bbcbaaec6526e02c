"""The seed case's allegations of breach, as the inspection case study tells them: the victim reported many
breaches of the exclusion zone to the police and the victim liaison officer; each was investigated; accounts
contradicted each other, so some could not be determined; one was confirmed on CCTV (the warning that
followed is enforcement, a later feature); and the police reported him driving while disqualified.

Written through the allegations service with the days they happened, relative to the demo's release date,
so the case record, the chronology and the open work show them as an officer would have recorded them."""

from datetime import date, timedelta

from supervision.demo.caseload import DemoBuilder, at
from supervision.demo.users import SEED_CASE_CRN
from supervision.models import Allegation, AllegationAccount, AllegationFinding, Case, VerificationStep
from supervision.services import allegations as services

Reported = Allegation.ReportedBy
GivenBy = AllegationAccount.GivenBy
Outcome = AllegationFinding.Outcome
EXCLUSION_ZONE = "the Eastfield estate"


def build_allegation_demo(demo: DemoBuilder) -> None:
    case = Case.objects.get(crn=SEED_CASE_CRN)
    if case.allegations.exists():
        return  # seed_demo run again: the history is already there
    ro = demo.users["priya.shah"]
    spo = demo.users["helen.carter"]
    released = case.started_on
    zone = case.licence_conditions.get(condition_type__code="EXZ1")
    non_contact = case.licence_conditions.get(condition_type__code="NCT1")
    relationships = case.licence_conditions.get(condition_type__code="REL1")

    def day(offset: int) -> date:
        return released + timedelta(days=offset)

    def contact_on(offset: int, code: str):
        return case.contacts.filter(contact_type__code=code, starts_at__date=day(offset)).first()

    # 1. The first report, through the VLO: the victim's word against his and his mother's.
    first = _allegation(
        case,
        ro,
        received=day(20),
        alleged=day(18),
        reported_by=Reported.VLO,
        reporter_name="Victim liaison officer, for Leanne Pryor",
        channel=Allegation.Channel.VLO_REFERRAL,
        conditions=[zone],
        description=f"Leanne says she saw Damien walking through {EXCLUSION_ZONE} on Saturday afternoon.",
    )
    _account(
        first,
        ro,
        day(20),
        GivenBy.VICTIM,
        "Leanne Pryor",
        "Saw him by the Eastfield shops at about 3pm.",
        "Passed on by the VLO; asked the police to check",
    )
    _account(
        first,
        ro,
        day(21),
        GivenBy.PERSON,
        "Damien Hollis",
        "Was at his mother's all afternoon watching football.",
        "Asked his mother separately",
    )
    _account(first, ro, day(21), GivenBy.FAMILY, "Carol Hollis", "Says he was at home with her all Saturday.")
    _check(
        first,
        ro,
        day(22),
        VerificationStep.Kind.POLICE_CHECK,
        "No sightings confirmed by patrols; no CCTV on that part of the estate.",
        [contact_on(22, "CLPO")],
    )
    services.record_finding(
        first,
        by=ro,
        outcome=Outcome.UNABLE_TO_DETERMINE,
        decided_on=day(23),
        at=at(day(23), 15),
        rationale="The victim's account and his mother's contradict each other; the police found nothing to "
        "confirm either. Not enforced; the exclusion zone restated to him at the next appointment.",
    )

    # 2. Reported to the police, decided first as not substantiated, revisited by the SPO with new information.
    second = _allegation(
        case,
        ro,
        received=day(31),
        alleged=day(29),
        reported_by=Reported.POLICE,
        reporter_name="PC Rachel Jones, Wessex Police",
        channel=Allegation.Channel.POLICE_REPORT,
        conditions=[zone, non_contact],
        description="The victim told police Damien drove slowly past her house on the estate twice in the evening.",
        location="Wharf Street, Eastfield",
    )
    _account(second, ro, day(31), GivenBy.VICTIM, "Leanne Pryor", "Recognised him at the wheel of a dark hatchback.")
    _account(
        second, ro, day(32), GivenBy.PERSON, "Damien Hollis", "Denies it: he has no car and is banned from driving."
    )
    _check(
        second,
        ro,
        day(33),
        VerificationStep.Kind.AGENCY_LIAISON,
        "Police could not trace the car from the description given.",
        [],
    )
    services.record_finding(
        second,
        by=ro,
        outcome=Outcome.NOT_SUBSTANTIATED,
        decided_on=day(34),
        at=at(day(34), 16),
        rationale="No vehicle linked to him and no other sighting.",
    )
    services.revisit_finding(
        second,
        by=spo,
        outcome=Outcome.UNABLE_TO_DETERMINE,
        decided_on=day(93),
        at=at(day(93), 10),
        reason="Police have since stopped him driving while disqualified: his denial that he drives no longer "
        "stands, though nothing places him on Wharf Street that evening.",
        rationale="Conflicting accounts, with his credibility now in doubt. Kept on record for the MAPPA meeting.",
    )

    # 3. Confirmed on CCTV: the breach behind the warning for the exclusion zone and the undisclosed relationship.
    third = _allegation(
        case,
        ro,
        received=day(40),
        alleged=day(38),
        reported_by=Reported.VICTIM,
        channel=Allegation.Channel.PHONE,
        conditions=[zone, relationships],
        description="Seen in the Eastfield estate with a young woman, later identified as Kayleigh Dunn.",
        location="Eastfield shopping parade",
    )
    _account(
        third, ro, day(40), GivenBy.VICTIM, "Leanne Pryor", "Saw him at the shopping parade holding hands with a woman."
    )
    _account(
        third,
        ro,
        day(42),
        GivenBy.PERSON,
        "Damien Hollis",
        "Admits he went to the parade with his new girlfriend; says he forgot where the line was.",
    )
    _check(
        third,
        ro,
        day(42),
        VerificationStep.Kind.CCTV,
        "Police CCTV from the parade shows him there at 14:10 on the day alleged.",
        [contact_on(41, "CKIN")],
    )
    services.record_finding(
        third,
        by=ro,
        outcome=Outcome.SUBSTANTIATED,
        decided_on=day(43),
        at=at(day(43), 11),
        rationale="CCTV confirms the victim's account and he admits being there. He had not disclosed the "
        "relationship either. Enforcement: warning.",
    )

    # 4. Under investigation now: his account is in, the home visit is still to be written up.
    fourth = _allegation(
        case,
        ro,
        received=demo.today - timedelta(days=9),
        alleged=demo.today - timedelta(days=10),
        reported_by=Reported.VLO,
        channel=Allegation.Channel.EMAIL,
        conditions=[zone],
        description="Leanne reports he was outside the estate's community centre on Sunday morning.",
    )
    _account(
        fourth,
        ro,
        demo.today - timedelta(days=8),
        GivenBy.PERSON,
        "Damien Hollis",
        "Says he was at Kayleigh's antenatal appointment across town.",
        "Asked Kayleigh; appointment letter requested",
    )
    _account(
        fourth,
        ro,
        demo.today - timedelta(days=8),
        GivenBy.VICTIM,
        "Leanne Pryor",
        "Is certain it was him: he called out to her.",
        "Passed on by the VLO",
    )

    # 5. Just in, and its first response already late: it shows in the officer's open work.
    _allegation(
        case,
        ro,
        received=demo.today - timedelta(days=4),
        alleged=demo.today - timedelta(days=5),
        reported_by=Reported.VICTIM,
        channel=Allegation.Channel.PHONE,
        conditions=[zone, non_contact],
        description="Leanne says he walked past her front door and stared in.",
        location="Leanne's street, Eastfield",
        due=demo.today - timedelta(days=2),
    )

    services.record_police_intelligence(
        case,
        by=ro,
        received_on=day(92),
        source="Wessex Police roads policing",
        description="Stopped driving a car while disqualified; reported for the offence.",
        relevance="HIGH",
        assessment="Shows disregard for court orders, and gives him the means to reach the exclusion zone and "
        "the victim. Shared at the MAPPA level 2 meeting.",
    )


def _allegation(case, by, *, received, alleged, reported_by, channel, conditions, description, due=None, **extra):
    return services.record_allegation(
        case,
        by=by,
        received_on=received,
        alleged_on=alleged,
        reported_by=reported_by,
        channel=channel,
        conditions=conditions,
        description=description,
        urgency=Allegation.Urgency.URGENT,
        first_response_due_on=due,
        at=at(received, 9),
        **extra,
    )


def _account(allegation, by, given_on, given_by, name, account, how_checked=""):
    return services.add_account(
        allegation,
        by=by,
        given_by=given_by,
        giver_name=name,
        given_on=given_on,
        account=account,
        how_checked=how_checked,
        at=at(given_on, 12),
    )


def _check(allegation, by, carried_out_on, kind, result, contacts):
    return services.add_verification_step(
        allegation,
        by=by,
        kind=kind,
        carried_out_on=carried_out_on,
        result=result,
        contacts=[contact for contact in contacts if contact is not None],
        at=at(carried_out_on, 14),
    )
