"""Demo history for the seed case (D482913): the safeguarding referrals, the MAPPA level 2 referral the MAPPA
unit rejected and the Head of Public Protection overturned, and the level 2 meeting that led to a final
warning. Plus one MAPPA referral rejected yesterday and not yet escalated, so the first run of the worker
or beat visibly picks it up (`manage.py escalate_rejected_referrals` does the same by hand).

Rows are written directly with past dates, because services stamp the present; the events mirror what the
services would have written.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from mappa.models import Agency, Escalation, MappaAction, MappaMeeting, Referral, ReferralEvent
from mappa.reference_data.agencies import load_agencies
from supervision.models import Case

S = Referral.Status
A = ReferralEvent.Action


def _at(day: date, hour: int = 11) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _events(referral, steps):
    status = ""
    for day, action, to_status, actor, reason in steps:
        ReferralEvent.objects.create(
            referral=referral,
            from_status=status,
            to_status=to_status,
            action=action,
            actor=actor,
            reason=reason,
            happened_at=_at(day),
        )
        status = to_status


def build_mappa_demo(case: Case, users: dict, today: date) -> None:
    if case.referrals.exists():
        return
    load_agencies()
    agency = {a.kind: a for a in Agency.objects.all()}
    ro, spo, hopp = users["priya.shah"], users["helen.carter"], users["david.okafor"]
    released = case.started_on

    def day(offset):
        return released + timedelta(days=offset)

    csc = Referral.objects.create(
        case=case,
        agency=agency[Agency.Kind.CHILDRENS_SOCIAL_CARE],
        kind=Referral.Kind.CHILDRENS_SOCIAL_CARE,
        status=S.RESPONDED,
        reason="Kayleigh Dunn, Damien's new partner, is pregnant and assessed as vulnerable. Damien is a domestic "
        "abuse perpetrator on licence for an offence against a former partner.",
        information_shared="Index offence, licence conditions, non-disclosure of the relationship, the warning.",
        sent_on=day(64),
        response_due_on=day(78),
        acknowledged_on=day(65),
        decision_reason="Pre-birth assessment opened; social worker allocated. Invited to the strategy meeting.",
        decided_by_name="Avonford Children's Social Care front door",
        decided_at=_at(day(70)),
        created_by=ro,
    )
    _events(
        csc,
        [
            (day(64), A.CREATED, S.DRAFT, ro, ""),
            (day(64), A.SENT, S.SENT, ro, ""),
            (day(65), A.ACKNOWLEDGED, S.ACKNOWLEDGED, ro, ""),
            (day(70), A.RESPONDED, S.RESPONDED, ro, csc.decision_reason),
        ],
    )
    marac = Referral.objects.create(
        case=case,
        agency=agency[Agency.Kind.MARAC],
        kind=Referral.Kind.MARAC,
        status=S.RESPONDED,
        reason="High-risk domestic abuse: new pregnant, vulnerable partner; history of violence to a former partner.",
        information_shared="DASH risk checklist, index offence, exclusion zone and non-contact conditions.",
        sent_on=day(65),
        response_due_on=day(79),
        acknowledged_on=day(66),
        decision_reason="Heard at MARAC; safety plan for Kayleigh agreed, IDVA allocated.",
        decided_by_name="Avonford MARAC co-ordinator",
        decided_at=_at(day(76)),
        created_by=ro,
    )
    _events(
        marac,
        [
            (day(65), A.CREATED, S.DRAFT, ro, ""),
            (day(65), A.SENT, S.SENT, ro, ""),
            (day(66), A.ACKNOWLEDGED, S.ACKNOWLEDGED, ro, ""),
            (day(76), A.RESPONDED, S.RESPONDED, ro, marac.decision_reason),
        ],
    )
    # The MAPPA level 2 referral: rejected, escalated by the line manager, overturned by the HoPP.
    rejection = "The responsible officer is communicating sufficiently with all agencies involved in risk management."
    mappa = Referral.objects.create(
        case=case,
        agency=agency[Agency.Kind.MAPPA_UNIT],
        kind=Referral.Kind.MAPPA_LEVEL_2,
        status=S.ACCEPTED,
        reason="Complex case: domestic abuse and safeguarding concerns (pregnant, vulnerable partner), conflicting "
        "accounts from Damien, his former partner, current partner and mother, and intelligence of reoffending. "
        "Needs active multi-agency management.",
        information_shared="Risk assessment, contacts, police and VLO reports, CSC and MARAC outcomes.",
        mappa_category=Case.MappaCategory.VIOLENT,
        sent_on=day(72),
        response_due_on=day(86),
        acknowledged_on=day(73),
        decision=Referral.Decision.ACCEPTED_LEVEL_2,
        decision_reason=rejection,
        decided_by_name="Wessex MAPPA co-ordinator",
        decided_at=_at(day(80)),
        endorsed_by=spo,
        endorsed_at=_at(day(72), 15),
        meeting_due_on=day(95),
        created_by=ro,
    )
    escalated = "Many conflicting reports and police intelligence of driving while disqualified: this needs MAPPA."
    overturned = "Multi-agency oversight is needed to weigh the conflicting accounts and the intelligence."
    _events(
        mappa,
        [
            (day(71), A.CREATED, S.DRAFT, ro, ""),
            (day(71), A.SUBMITTED_FOR_ENDORSEMENT, S.AWAITING_ENDORSEMENT, ro, ""),
            (day(72), A.ENDORSED, S.AWAITING_ENDORSEMENT, spo, "Agreed: complexity warrants level 2."),
            (day(72), A.SENT, S.SENT, spo, ""),
            (day(73), A.ACKNOWLEDGED, S.ACKNOWLEDGED, ro, ""),
            (day(80), A.REJECTED, S.REJECTED, ro, rejection),
            (day(80), A.ESCALATED_TO_LINE_MANAGER, S.REJECTED, None, "In Helen Carter's queue."),
            (day(82), A.ESCALATED_TO_HOPP, S.REJECTED, spo, escalated),
            (day(85), A.OVERTURNED, S.ACCEPTED, hopp, f"{overturned} Meeting to be held by {day(95):%-d %B %Y}."),
            (day(85), A.MAPPA_LEVEL_CHANGED, S.ACCEPTED, hopp, "MAPPA level 1 → 2."),
        ],
    )
    first = Escalation.objects.create(
        referral=mappa,
        level=Escalation.Level.LINE_MANAGER,
        assigned_to=spo,
        due_on=day(87),
        status=Escalation.Status.CLOSED,
        resolution=Escalation.Resolution.ESCALATED,
        rationale=escalated,
        resolved_by=spo,
        resolved_at=_at(day(82)),
    )
    Escalation.objects.create(
        referral=mappa,
        level=Escalation.Level.HEAD_OF_PUBLIC_PROTECTION,
        assigned_to=hopp,
        previous=first,
        due_on=day(89),
        status=Escalation.Status.CLOSED,
        resolution=Escalation.Resolution.OVERTURNED,
        rationale=overturned,
        resolved_by=hopp,
        resolved_at=_at(day(85)),
    )
    meeting = MappaMeeting.objects.create(
        case=case,
        referral=mappa,
        held_on=day(94),
        level=2,
        chair="DI Sarah Kent, Wessex Police (MAPPA chair)",
        attendees="Priya Shah, responsible officer\nHelen Carter, SPO\nDI Sarah Kent, police\nJo Marsh, "
        "children's social care\nAnn Lloyd, victim liaison officer\nIDVA, Avonford MARAC",
        information_shared="Police: Damien stopped driving while disqualified. VLO: further reports from Leanne. "
        "CSC: pre-birth assessment under way.",
        decisions="Issue a final warning for driving while disqualified (good behaviour condition). Keep twice-weekly "
        "contact including police home visits.",
        enforcement_decision=MappaMeeting.EnforcementDecision.FINAL_WARNING,
        next_review_on=day(94) + timedelta(weeks=16),
        recorded_by=ro,
    )
    meeting.agencies.set(
        [
            agency[k]
            for k in (
                Agency.Kind.POLICE,
                Agency.Kind.CHILDRENS_SOCIAL_CARE,
                Agency.Kind.VICTIM_LIAISON,
                Agency.Kind.MARAC,
            )
        ]
    )
    bulk_create_with_history(
        [
            MappaAction(
                meeting=meeting, description="Issue a final warning.", owner_user=ro, due_on=day(96), done_on=day(95)
            ),
            MappaAction(
                meeting=meeting,
                description="Share intelligence on vehicle use.",
                owner_agency=agency[Agency.Kind.POLICE],
                owner_name="DI Sarah Kent",
                due_on=day(108),
            ),
            MappaAction(
                meeting=meeting,
                description="Update on the pre-birth assessment.",
                owner_agency=agency[Agency.Kind.CHILDRENS_SOCIAL_CARE],
                due_on=today + timedelta(days=10),
            ),
            MappaAction(
                meeting=meeting,
                description="Joint home visit with police.",
                owner_user=ro,
                due_on=today - timedelta(days=3),
            ),
        ],
        MappaAction,
        default_user=ro,
    )


def build_fresh_rejection(users: dict, today: date) -> None:
    """A MAPPA referral the unit rejected yesterday, waiting for the escalation job to pick it up."""
    officer = users["tom.hughes"]
    case = Case.objects.filter(responsible_officer=officer, status=Case.Status.ACTIVE).order_by("crn").first()
    if case is None or Referral.objects.filter(kind__in=Referral.MAPPA_KINDS, case=case).exists():
        return
    unit = Agency.objects.get(kind=Agency.Kind.MAPPA_UNIT)
    reason = "Level 1 management is sufficient: no multi-agency risk issues beyond those probation can manage."
    referral = Referral.objects.create(
        case=case,
        agency=unit,
        kind=Referral.Kind.MAPPA_LEVEL_2,
        status=S.REJECTED,
        reason="Escalating risk: threats to a neighbour reported by police; housing instability.",
        mappa_category=Case.MappaCategory.VIOLENT,
        sent_on=today - timedelta(days=6),
        response_due_on=today + timedelta(days=4),
        decision=Referral.Decision.REJECTED_REMAIN_LEVEL_1,
        decision_reason=reason,
        decided_by_name="Wessex MAPPA co-ordinator",
        decided_at=_at(today - timedelta(days=1)),
        endorsed_by=users["helen.carter"],
        endorsed_at=_at(today - timedelta(days=6)),
        created_by=officer,
    )
    _events(
        referral,
        [
            (today - timedelta(days=7), A.CREATED, S.DRAFT, officer, ""),
            (today - timedelta(days=7), A.SUBMITTED_FOR_ENDORSEMENT, S.AWAITING_ENDORSEMENT, officer, ""),
            (today - timedelta(days=6), A.ENDORSED, S.AWAITING_ENDORSEMENT, users["helen.carter"], ""),
            (today - timedelta(days=6), A.SENT, S.SENT, users["helen.carter"], ""),
            (today - timedelta(days=1), A.REJECTED, S.REJECTED, officer, reason),
        ],
    )
