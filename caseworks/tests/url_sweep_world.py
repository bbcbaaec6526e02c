"""The world and the table the URL-access sweep (test_url_access_sweep.py) runs over.

The world: one region's team working one case that holds a record of every kind, the people in scope for it,
and people outside it (another team's officer in the same region, another region's officer, line manager and Head
of Public Protection, an administrator). The table: for every app URL that takes an identifier, the record it
opens, who may open it, and who is outside scope. A URL pattern with an identifier and no row here fails the sweep.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from caseworks.tests.url_sweep_admin_records import admin_only_records, enforcement_records
from mappa.models import DisputeMeeting, Escalation, MappaDecision, Referral
from mappa.tests.factories import (
    AgencyFactory,
    EscalationFactory,
    MappaActionFactory,
    MappaMeetingFactory,
    MappaReferralFactory,
    MappaUnitFactory,
    ReferralFactory,
    RejectedMappaReferralFactory,
    managed_team,
)
from supervision import roles
from supervision.models import (
    EnforcementDecision,
    UnroutedItem,
)
from supervision.services.intake import open_case
from supervision.tests.allegation_factories import decided_allegation, record_allegation
from supervision.tests.enforcement_factories import decide
from supervision.tests.factories import (
    AcuteRiskFactorFactory,
    CaseFactory,
    ContactFactory,
    ContactTypeFactory,
    KeyIndividualFactory,
    LicenceConditionFactory,
    LicenceConditionTypeFactory,
    NotificationFactory,
    RiskFlagFactory,
    RiskFlagTypeFactory,
    StaffFactory,
    TeamFactory,
)
from supervision.tests.intake_helpers import opening
from supervision.tests.oversight_factories import record_case_review, record_oversight
from supervision.tests.programme_factories import enrol
from supervision.tests.recall_factories import endorsed_recall, recommend_recall, requested_recall
from supervision.tests.rule_factories import CaseContactRequirementFactory

# People outside the case's scope, by the name the table uses. "anonymous" is nobody signed in.
ELSEWHERE = ("officer_next_team", "officer_elsewhere", "manager_elsewhere", "head_elsewhere")
OUTSIDE_CASE = (*ELSEWHERE, "administrator", "anonymous")
OUTSIDE_COORDINATOR = (*OUTSIDE_CASE, "officer", "manager", "head")


@dataclass(frozen=True)
class Entry:
    """How to reach one URL: the record whose identifier it takes (a key of the world's records; "case" for a
    CRN alone), the user who may open it, and who must be refused. `post_only`: the page answers only POST, so
    the allowed user's GET is a 405 and the sweep proves scope with their POST instead."""

    record: str
    allowed: str = "officer"
    outside: tuple[str, ...] = OUTSIDE_CASE
    post_only: bool = False


CASE_URLS = {
    name: Entry("case")
    for name in (
        "case-detail",
        "case-contacts",
        "case-chronology",
        "case-conditions",
        "case-key-individuals",
        "case-risk-flags",
        "case-contact-requirements",
        "case-allocation",
        "contact-create",
        "appointment-create",
        "condition-create",
        "standard-conditions-create",
        "key-individual-create",
        "disclosure-create",
        "acute-risk-factor-create",
        "risk-flag-create",
        # Changes to a case the officer records: a move, a RoSH reassessment, a licence variation.
        "case-details",
        "case-history",
        "case-address-move",
        "case-address-correct",
        "case-rosh-change",
        "licence-variation-create",
        "case-allegations",
        "allegation-create",
        "police-intelligence-create",
        "case-programmes",
        "programme-enrol",
        # Management oversight and case reviews: anyone who may open the case reads them.
        "case-oversight",
        "case-reviews",
        "case-review-compare",
        "case-enforcement",
        "enforcement-create",
    )
}
# Changes the case's line manager (or the region's Head of Public Protection) makes; the officer is refused.
MANAGER_CASE_URLS = (
    # No one oversees or reviews their own case.
    "oversight-create",
    "case-review-new",
    "case-tier-change",
    "case-mappa-change",
    "case-supervision-change",
    "case-close",
    "case-reopen",
)

TABLE: dict[str, Entry] = {
    **{f"supervision:{name}": entry for name, entry in CASE_URLS.items()},
    # Line managers set and end case-level requirements; the officer may not lower their own contact level.
    "supervision:case-requirement-create": Entry("case", allowed="manager"),
    **{
        f"supervision:{name}": Entry("case", allowed="manager", outside=(*OUTSIDE_CASE, "officer"))
        for name in MANAGER_CASE_URLS
    },
    "supervision:case-requirement-end": Entry("case-requirement", allowed="manager"),
    "supervision:contact-detail": Entry("contact"),
    "supervision:contact-outcome": Entry("appointment"),
    "supervision:contact-amend": Entry("contact"),
    "supervision:appointment-cancel": Entry("appointment"),
    "supervision:condition-vary": Entry("condition"),
    "supervision:condition-end": Entry("condition"),
    "supervision:key-individual-edit": Entry("key-individual"),
    "supervision:acute-risk-factor-review": Entry("acute-risk-factor"),
    "supervision:risk-flag-review": Entry("risk-flag"),
    "supervision:risk-flag-end": Entry("risk-flag"),
    "supervision:allegation-detail": Entry("allegation"),
    "supervision:allegation-accounts": Entry("allegation"),
    "supervision:allegation-account-create": Entry("allegation"),
    "supervision:allegation-check-create": Entry("allegation"),
    "supervision:allegation-withdraw": Entry("allegation"),
    # The first finding is the responsible officer's; the officer or a manager may revisit it.
    "supervision:allegation-finding": Entry("allegation"),
    "supervision:allegation-revisit": Entry("allegation-decided"),
    **{
        f"supervision:programme-{step}": Entry("programme")
        for step in ("sessions-book", "start", "complete", "terminate", "withdraw")
    },
    # Recall: the officer's line manager endorses, the region's Head of Public Protection countersigns (neither the
    # officer nor the manager may), the officer withdraws their recommendation and records the confirmation.
    "supervision:recall-detail": Entry("recall-recommended"),
    "supervision:recall-endorse": Entry("recall-recommended", allowed="manager", outside=(*OUTSIDE_CASE, "officer")),
    "supervision:recall-refuse-endorsement": Entry(
        "recall-recommended", allowed="manager", outside=(*OUTSIDE_CASE, "officer")
    ),
    "supervision:recall-countersign": Entry(
        "recall-endorsed", allowed="head", outside=(*OUTSIDE_CASE, "officer", "manager")
    ),
    "supervision:recall-refuse-countersignature": Entry(
        "recall-endorsed", allowed="head", outside=(*OUTSIDE_CASE, "officer", "manager")
    ),
    "supervision:recall-withdraw": Entry("recall-recommended"),
    "supervision:recall-confirm": Entry("recall-requested"),
    # An action from management oversight is the officer's to mark done (their manager may, for them).
    "supervision:oversight-action-done": Entry("oversight-action"),
    "supervision:case-review-detail": Entry("case-review"),
    "supervision:enforcement-detail": Entry("enforcement-decision"),
    # A notification is its recipient's alone: the case's line manager and Head of Public Protection, who may
    # open the case, may not open (and mark read) the officer's notification.
    "supervision:notification-open": Entry("notification", outside=(*OUTSIDE_CASE, "manager", "head"), post_only=True),
    # Unrouted work: administrators (all of it) and the Head of Public Protection of the case's region.
    "supervision:unrouted-resolve": Entry(
        "unrouted",
        allowed="administrator",
        outside=("officer", "manager", *ELSEWHERE, "anonymous"),
        post_only=True,
    ),
    # Intake and allocation: the team's line managers (and the region's Head of Public Protection) allocate a waiting
    # case and transfer a case; its officer, who may read it, may do neither.
    "supervision:case-allocate": Entry(
        "case-awaiting-allocation", allowed="manager", outside=(*OUTSIDE_CASE, "officer")
    ),
    "supervision:case-transfer": Entry("case", allowed="manager", outside=(*OUTSIDE_CASE, "officer")),
    # Limited access: the Head of Public Protection of the case's region sets and lifts it.
    "supervision:case-access": Entry("case", allowed="head", outside=(*OUTSIDE_CASE, "officer", "manager")),
    "supervision:case-access-remove": Entry(
        "case", allowed="head", outside=(*OUTSIDE_CASE, "officer", "manager"), post_only=True
    ),
    # Who has seen a case: the region's Head of Public Protection (and auditors); never the case's own team.
    "supervision:case-audit": Entry("case", allowed="head", outside=(*OUTSIDE_CASE, "officer", "manager")),
    "supervision:case-audit-csv": Entry("case", allowed="head", outside=(*OUTSIDE_CASE, "officer", "manager")),
    "mappa:case-referrals": Entry("case"),
    "mappa:referral-new": Entry("case"),
    "mappa:meeting-new": Entry("case"),
    "mappa:referral-detail": Entry("referral-sent"),
    "mappa:referral-endorse": Entry("referral-awaiting", allowed="manager"),
    "mappa:referral-resubmit": Entry("referral-draft"),
    "mappa:referral-acknowledge": Entry("referral-sent"),
    "mappa:referral-response": Entry("referral-sent"),
    "mappa:referral-withdraw": Entry("referral-sent"),
    "mappa:referral-answer": Entry("referral-mappa-information"),
    # The MAPPA co-ordinator's pages: the co-ordinator for the case's area only; never the case's own team, its
    # Head of Public Protection, or the co-ordinator of another area.
    **{
        f"mappa:coordinator-{name}": Entry(
            "referral-mappa-sent", allowed="coordinator", outside=(*OUTSIDE_COORDINATOR, "coordinator_elsewhere")
        )
        for name in ("referral", "acknowledge", "ask", "decide")
    },
    "mappa:coordinator-revise": Entry(
        "referral-under-review", allowed="coordinator", outside=(*OUTSIDE_COORDINATOR, "coordinator_elsewhere")
    ),
    "mappa:escalation-detail": Entry("escalation", allowed="manager"),
    "mappa:escalation-answer": Entry("escalation-more-information"),
    "mappa:meeting-detail": Entry("meeting"),
    "mappa:meeting-amend": Entry("meeting"),
    "mappa:action-done": Entry("action", post_only=True),
}

# URLs with an identifier that names no record anyone could be outside the scope of.
NOT_OBJECT_URLS = {
    # The identifier is a signed, single-use token from a password-reset e-mail, not a record: a wrong one is
    # refused by Django's token check (test_sign_in.py covers it).
    "password_reset_confirm",
    # The identifier is one of the region dashboard's figures (mappa/dashboard/figures.py), a fixed list, not a
    # record; the region, PDU, team and officer come in the query string and are checked by
    # mappa/tests/dashboard/test_views.py (another region's is a 404, anyone but a Head of Public Protection a 403).
    "mappa:region-dashboard-list",
    "mappa:region-dashboard-csv",
    # The key names one of the dashboard's lists (a figure), not a record: each user's list holds their own team's
    # work, so another team's manager is shown theirs, not refused. supervision/tests/dashboards checks who may open
    # the lists and that an officer or team outside the user's scope is refused.
    "supervision:dashboard-list",
    "supervision:dashboard-csv",
}


def build_world() -> dict:
    """Every person and record the table names. Also one object of every model registered in the admin, so
    each admin page with an identifier has something to open."""
    here = managed_team()
    away = managed_team()
    officer = here["officer"]
    case = CaseFactory(responsible_officer=officer, team=here["team"])
    administrator = StaffFactory(role=roles.ADMINISTRATOR, profile__team=here["team"], is_staff=True)
    superuser = StaffFactory(role=roles.ADMINISTRATOR, is_staff=True, is_superuser=True)
    users = {
        "officer": officer,
        "manager": here["manager"],
        "head": here["head"],
        "officer_next_team": StaffFactory(profile__team=TeamFactory(pdu=here["team"].pdu)),
        "officer_elsewhere": away["officer"],
        "manager_elsewhere": away["manager"],
        "head_elsewhere": away["head"],
        "coordinator": here["coordinator"],
        "coordinator_elsewhere": away["coordinator"],
        "administrator": administrator,
        "superuser": superuser,
        "anonymous": None,
    }
    now = timezone.now()
    ContactTypeFactory()
    mappa_unit = MappaUnitFactory()
    AgencyFactory()
    made = {"case": case, "created_by": officer}
    rejected = RejectedMappaReferralFactory(**made)
    meeting = MappaMeetingFactory(case=case)
    requirement = CaseContactRequirementFactory(case=case, set_by=here["manager"])
    records = {
        "case": case,
        "contact": ContactFactory(case=case),
        "appointment": ContactFactory(case=case, is_appointment=True, starts_at=now - timedelta(hours=3), outcome=""),
        "condition": LicenceConditionFactory(case=case, condition_type=LicenceConditionTypeFactory()),
        "key-individual": KeyIndividualFactory(case=case),
        "acute-risk-factor": AcuteRiskFactorFactory(case=case),
        "risk-flag": RiskFlagFactory(case=case, flag_type=RiskFlagTypeFactory()),
        "allegation": record_allegation(case),
        "allegation-decided": decided_allegation(case),
        "programme": enrol(case),
        # One recall in progress per case (a unique constraint): each state on its own case of the same officer.
        "recall-recommended": recommend_recall(case),
        "recall-endorsed": endorsed_recall(_another_case(officer, here), manager=here["manager"]),
        "recall-requested": requested_recall(_another_case(officer, here), manager=here["manager"], head=here["head"]),
        "oversight-action": record_oversight(case, here["manager"], actions=[("Visit the partner", 3)]).actions.get(),
        "case-review": record_case_review(case, here["manager"]),
        "enforcement-decision": decide(case, EnforcementDecision.Kind.WARNING),
        "case-requirement": requirement,
        "notification": NotificationFactory(recipient=officer, case=case),
        "referral-sent": ReferralFactory(**made),
        "referral-awaiting": MappaReferralFactory(
            **made, agency=mappa_unit, status=Referral.Status.AWAITING_ENDORSEMENT, sent_on=None
        ),
        "referral-draft": MappaReferralFactory(**made, agency=mappa_unit, status=Referral.Status.DRAFT, sent_on=None),
        "referral-mappa-sent": MappaReferralFactory(**made, agency=mappa_unit),
        "referral-mappa-information": MappaReferralFactory(
            **made, agency=mappa_unit, status=Referral.Status.AWAITING_INFORMATION
        ),
        "referral-under-review": MappaReferralFactory(**made, agency=mappa_unit, status=Referral.Status.UNDER_REVIEW),
        "escalation": EscalationFactory(referral=rejected, assigned_to=here["manager"]),
        "escalation-more-information": EscalationFactory(
            referral=RejectedMappaReferralFactory(**made),
            assigned_to=here["manager"],
            status=Escalation.Status.MORE_INFORMATION,
        ),
        "meeting": meeting,
        "action": MappaActionFactory(meeting=meeting),
        # A case waiting in the team's allocation queue: its opening record (the URL takes the case's CRN).
        "case-awaiting-allocation": open_case(opening(here["team"]), by=here["head"]).allocations.get(),
        "unrouted": UnroutedItem.objects.create(
            kind=UnroutedItem.Kind.REJECTED_REFERRAL,
            object_key=f"referral:{rejected.pk}",
            case=case,
            reason="No line manager, deputy or Head of Public Protection was available.",
        ),
    }
    _disputed(records["referral-under-review"], here)
    admin_only_records(case, requirement, officer)
    enforcement_records(case, records["allegation"], here, another_case=_another_case(officer, here))
    return {"users": users, "records": records, "case": case}


def _another_case(officer, people):
    return CaseFactory(responsible_officer=officer, team=people["team"])


def _disputed(referral, people) -> None:
    """The co-ordinator's first decision on a referral under review, and the Head of Public Protection's dispute
    meeting that put it there."""
    decided = timezone.now() - timedelta(days=5)
    MappaDecision.objects.create(
        referral=referral,
        stage=MappaDecision.Stage.FIRST,
        decision=Referral.Decision.REJECTED_REMAIN_LEVEL_1,
        reason="Level 1 management is sufficient.",
        decided_by=people["coordinator"],
        decided_at=decided,
    )
    escalation = EscalationFactory(
        referral=referral,
        level=Escalation.Level.HEAD_OF_PUBLIC_PROTECTION,
        assigned_to=people["head"],
        status=Escalation.Status.CLOSED,
        resolution=Escalation.Resolution.DISPUTED,
        rationale="Needs multi-agency management.",
        resolved_by=people["head"],
        resolved_at=decided,
    )
    DisputeMeeting.objects.create(
        referral=referral,
        escalation=escalation,
        held_on=timezone.localdate() - timedelta(days=1),
        coordinator=people["coordinator"],
        attendees="Head of Public Protection, MAPPA co-ordinator",
        considered="The conflicting accounts.",
        recorded_by=people["head"],
    )
