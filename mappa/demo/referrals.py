"""Demo history for the seed case (D482913): the safeguarding referrals, the MAPPA level 2 referral the MAPPA
co-ordinator rejected, the Head of Public Protection disputed at a meeting with the co-ordinator, and the
co-ordinator then accepted, and the level 2 meeting that led to a final warning. Plus one MAPPA referral
rejected yesterday and not yet escalated, so the first run of the worker or beat visibly picks it up
(`manage.py escalate_rejected_referrals` does the same by hand), and one waiting for the co-ordinator.

The Wessex region's MAPPA co-ordinator (`nadia.ferreira`) records every MAPPA decision here, as in practice.

Every step goes through the service a user's click calls, given the day and moment it happened, so the demo
holds only states the workflow allows and its history rows say when each step was taken.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from mappa.models import Agency, MappaCoordinator, MappaMeeting, Referral
from mappa.reference_data.agencies import load_agencies
from mappa.services.coordinators import acknowledge_mappa_referral, decide_referral, revise_decision
from mappa.services.disputes import record_dispute_meeting
from mappa.services.escalations import escalate_rejected_referral, escalate_to_head_of_public_protection
from mappa.services.meetings import mark_action_done, record_mappa_meeting
from mappa.services.referrals import acknowledge_referral, endorse_referral, make_referral, record_response
from supervision.demo.users import SEED_CASE_CRN
from supervision.models import Case, Region

COORDINATOR = "nadia.ferreira"


def _at(day: date, hour: int = 11) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _answered_referral(
    case, *, by, kind, agency, reason, information_shared, sent, acknowledged, answered, response, responded_by_name
) -> Referral:
    """A referral to another agency: sent, acknowledged, answered, each on its day."""
    referral = make_referral(
        case,
        by=by,
        kind=kind,
        agency=agency,
        reason=reason,
        information_shared=information_shared,
        response_due_on=sent + timedelta(days=14),
        on=sent,
        now=_at(sent),
    )
    acknowledge_referral(referral, by=by, acknowledged_on=acknowledged, on=acknowledged, now=_at(acknowledged))
    return record_response(referral, by=by, response=response, responded_by_name=responded_by_name, now=_at(answered))


def build_mappa_demo(case: Case, users: dict, today: date) -> None:
    if case.referrals.exists():
        return
    load_agencies()
    agency = {a.kind: a for a in Agency.objects.all()}
    ro, spo, hopp = users["priya.shah"], users["helen.carter"], users["david.okafor"]
    released = case.started_on

    def day(offset):
        return released + timedelta(days=offset)

    _answered_referral(
        case,
        by=ro,
        kind=Referral.Kind.CHILDRENS_SOCIAL_CARE,
        agency=agency[Agency.Kind.CHILDRENS_SOCIAL_CARE],
        reason="Kayleigh Dunn, Damien's new partner, is pregnant and assessed as vulnerable. Damien is a domestic "
        "abuse perpetrator on licence for an offence against a former partner.",
        information_shared="Index offence, licence conditions, non-disclosure of the relationship, the warning.",
        sent=day(64),
        acknowledged=day(65),
        answered=day(70),
        response="Pre-birth assessment opened; social worker allocated. Invited to the strategy meeting.",
        responded_by_name="Avonford Children's Social Care front door",
    )
    _answered_referral(
        case,
        by=ro,
        kind=Referral.Kind.MARAC,
        agency=agency[Agency.Kind.MARAC],
        reason="High-risk domestic abuse: new pregnant, vulnerable partner; history of violence to a former partner.",
        information_shared="DASH risk checklist, index offence, exclusion zone and non-contact conditions.",
        sent=day(65),
        acknowledged=day(66),
        answered=day(76),
        response="Heard at MARAC; safety plan for Kayleigh agreed, IDVA allocated.",
        responded_by_name="Avonford MARAC co-ordinator",
    )
    # The MAPPA level 2 referral: rejected by the co-ordinator, escalated by the line manager, disputed by the
    # Head of Public Protection at a meeting with the co-ordinator, whose revised decision accepts it.
    mappa = make_referral(
        case,
        by=ro,
        kind=Referral.Kind.MAPPA_LEVEL_2,
        agency=agency[Agency.Kind.MAPPA_UNIT],
        reason="Complex case: domestic abuse and safeguarding concerns (pregnant, vulnerable partner), conflicting "
        "accounts from Damien, his former partner, current partner and mother, and intelligence of reoffending. "
        "Needs active multi-agency management.",
        information_shared="Risk assessment, contacts, police and VLO reports, CSC and MARAC outcomes.",
        mappa_category=Case.MappaCategory.VIOLENT,
        response_due_on=day(86),
        on=day(71),
        now=_at(day(71)),
    )
    coordinator = users[COORDINATOR]
    endorse_referral(mappa, by=spo, rationale="Agreed: complexity warrants level 2.", on=day(72), now=_at(day(72), 15))
    acknowledge_mappa_referral(mappa, by=coordinator, on=day(73), now=_at(day(73)))
    decide_referral(
        mappa,
        by=coordinator,
        decision=Referral.Decision.REJECTED_REMAIN_LEVEL_1,
        reason="The responsible officer is communicating sufficiently with all agencies involved in risk management.",
        now=_at(day(80)),
    )
    first = escalate_rejected_referral(mappa.pk, on=day(80), now=_at(day(80), 12))
    upper = escalate_to_head_of_public_protection(
        first,
        by=spo,
        rationale="Many conflicting reports and police intelligence of driving while disqualified: this needs MAPPA.",
        on=day(82),
        now=_at(day(82)),
    )
    record_dispute_meeting(
        upper,
        by=hopp,
        held_on=day(84),
        coordinator=coordinator,
        attendees="David Okafor, Head of Public Protection\nNadia Ferreira, MAPPA co-ordinator\nHelen Carter, SPO",
        considered="The conflicting accounts from Damien, his former partner, current partner and mother; police "
        "intelligence of driving while disqualified; the pregnant, vulnerable partner; the CSC and MARAC outcomes.",
        rationale="Multi-agency oversight is needed to weigh the conflicting accounts and the intelligence.",
        on=day(84),
        now=_at(day(84), 16),
    )
    revise_decision(
        mappa,
        by=coordinator,
        decision=Referral.Decision.ACCEPTED_LEVEL_2,
        reason="Reviewed at the dispute meeting: the conflicting accounts and new intelligence need active "
        "multi-agency management.",
        on=day(85),
        now=_at(day(85)),
    )
    meeting = record_mappa_meeting(
        case,
        by=ro,
        referral=mappa,
        held_on=day(94),
        level=2,
        chair="DI Sarah Kent, Wessex Police (MAPPA chair)",
        attendees="Priya Shah, responsible officer\nHelen Carter, SPO\nDI Sarah Kent, police\nJo Marsh, "
        "children's social care\nAnn Lloyd, victim liaison officer\nIDVA, Avonford MARAC",
        agencies=[
            agency[k]
            for k in (
                Agency.Kind.POLICE,
                Agency.Kind.CHILDRENS_SOCIAL_CARE,
                Agency.Kind.VICTIM_LIAISON,
                Agency.Kind.MARAC,
            )
        ],
        information_shared="Police: Damien stopped driving while disqualified. VLO: further reports from Leanne. "
        "CSC: pre-birth assessment under way.",
        decisions="Issue a final warning for driving while disqualified (good behaviour condition). Keep twice-weekly "
        "contact including police home visits.",
        enforcement_decision=MappaMeeting.EnforcementDecision.FINAL_WARNING,
        next_review=day(94) + timedelta(weeks=16),
        actions=[
            {"description": "Issue a final warning.", "owner_user": ro, "due_on": day(96)},
            {
                "description": "Share intelligence on vehicle use.",
                "owner_agency": agency[Agency.Kind.POLICE],
                "owner_name": "DI Sarah Kent",
                "due_on": day(108),
            },
            {
                "description": "Update on the pre-birth assessment.",
                "owner_agency": agency[Agency.Kind.CHILDRENS_SOCIAL_CARE],
                "due_on": today + timedelta(days=10),
            },
            {"description": "Joint home visit with police.", "owner_user": ro, "due_on": today - timedelta(days=3)},
        ],
        on=day(94),
    )
    mark_action_done(meeting.actions.get(description="Issue a final warning."), by=ro, done_on=day(95))


def build_fresh_rejection(users: dict, today: date) -> None:
    """A MAPPA referral the unit rejected yesterday, waiting for the escalation job to pick it up."""
    officer, manager = users["tom.hughes"], users["helen.carter"]
    case = Case.objects.filter(responsible_officer=officer, status=Case.Status.ACTIVE).order_by("crn").first()
    if case is None or Referral.objects.filter(kind__in=Referral.MAPPA_KINDS, case=case).exists():
        return
    # Recording the decision also asks the worker to escalate it once this commits; the beat sweep is the
    # safety net when no worker is running.
    _rejected_mappa_referral(
        case,
        officer,
        manager,
        users[COORDINATOR],
        days=(today - timedelta(days=7), today - timedelta(days=6), today - timedelta(days=1)),
        reason="Escalating risk: threats to a neighbour reported by police; housing instability.",
        rejection="Level 1 management is sufficient: no multi-agency risk issues beyond those probation can manage.",
    )


def _rejected_mappa_referral(case, officer, manager, coordinator, *, days, reason: str, rejection: str) -> Referral:
    """A MAPPA level 2 referral made, endorsed by the manager and rejected by the co-ordinator on the three `days`."""
    made, endorsed, rejected = days
    referral = make_referral(
        case,
        by=officer,
        kind=Referral.Kind.MAPPA_LEVEL_2,
        agency=Agency.objects.get(kind=Agency.Kind.MAPPA_UNIT),
        reason=reason,
        mappa_category=Case.MappaCategory.VIOLENT,
        on=made,
        now=_at(made),
    )
    endorse_referral(referral, by=manager, on=endorsed, now=_at(endorsed))
    return decide_referral(
        referral,
        by=coordinator,
        decision=Referral.Decision.REJECTED_REMAIN_LEVEL_1,
        reason=rejection,
        now=_at(rejected),
    )


def build_overdue_escalation(users: dict, today: date) -> None:
    """A MAPPA rejection escalated to its line manager two weeks ago and not acted on by its due date, so the
    step-up at the end of seed_demo sends it to the Head of Public Protection's queue."""
    officer, manager = users["amina.begum"], users["ruth.penhaligon"]
    case = Case.objects.filter(responsible_officer=officer, status=Case.Status.ACTIVE).order_by("crn").first()
    if case is None or Referral.objects.filter(kind__in=Referral.MAPPA_KINDS, case=case).exists():
        return
    rejected = today - timedelta(days=15)
    referral = _rejected_mappa_referral(
        case,
        officer,
        manager,
        users[COORDINATOR],
        days=(today - timedelta(days=21), today - timedelta(days=20), rejected),
        reason="Further intelligence from police of contact with a previous victim, against a licence condition.",
        rejection="Current arrangements are sufficient: the police already manage the victim's safety plan.",
    )
    escalate_rejected_referral(referral.pk, on=rejected, now=_at(rejected, 12))


def build_coordinator_seat(users: dict, today: date) -> None:
    """The demo co-ordinator's seat: the whole Wessex region."""
    MappaCoordinator.objects.get_or_create(
        user=users[COORDINATOR], defaults={"region": Region.objects.get(name="Wessex")}
    )


def build_awaiting_coordinator(users: dict, today: date) -> None:
    """A MAPPA referral endorsed two days ago, waiting in the co-ordinator's queue to be acknowledged."""
    officer, manager = users["priya.shah"], users["helen.carter"]
    theirs = Referral.objects.filter(kind__in=Referral.MAPPA_KINDS, case__responsible_officer=officer)
    if theirs.exclude(case__crn=SEED_CASE_CRN).exists():
        return  # made on an earlier run
    # A case with no limited access: the demo's restricted case (supervision/demo/access.py) does not list the
    # co-ordinator, who rightly never sees it.
    case = (
        Case.objects.filter(responsible_officer=officer, status=Case.Status.ACTIVE, access_limits__isnull=True)
        .exclude(crn=SEED_CASE_CRN)
        .order_by("crn")
        .first()
    )
    if case is None:
        return
    made, endorsed = today - timedelta(days=3), today - timedelta(days=2)
    referral = make_referral(
        case,
        by=officer,
        kind=Referral.Kind.MAPPA_LEVEL_2,
        agency=Agency.objects.get(kind=Agency.Kind.MAPPA_UNIT),
        reason="New intelligence of contact with a former partner's children; a history of violence in the home.",
        information_shared="Police intelligence report, OASys risk summary, children's social care contact.",
        mappa_category=Case.MappaCategory.VIOLENT,
        on=made,
        now=_at(made),
    )
    endorse_referral(
        referral, by=manager, rationale="Endorsed: needs multi-agency management.", on=endorsed, now=_at(endorsed)
    )
