"""The arbitrary-input test's world (test_arbitrary_input.py): one case with one record of every kind a page can
show or change, and the people who work it."""

from datetime import timedelta

from django.utils import timezone

from mappa.models import Escalation, Referral
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
from supervision.models import EnforcementDecision, UnroutedItem
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
)
from supervision.tests.oversight_factories import record_case_review, record_oversight
from supervision.tests.programme_factories import enrol, thinking_skills
from supervision.tests.recall_factories import endorsed_recall, recommend_recall, requested_recall
from supervision.tests.rule_factories import CaseContactRequirementFactory, HomeVisitTypeFactory


def build_world():
    """One case with one record of every kind, and the people who work it."""
    people = managed_team()
    officer = people["officer"]
    case = CaseFactory(responsible_officer=officer, team=people["team"])
    now = timezone.now()
    ContactTypeFactory()
    HomeVisitTypeFactory()
    mappa_unit = MappaUnitFactory()
    AgencyFactory()
    referral = {"case": case, "created_by": officer}
    awaiting = MappaReferralFactory(**referral, status=Referral.Status.AWAITING_ENDORSEMENT, sent_on=None)
    rejected = RejectedMappaReferralFactory(**referral)
    meeting = MappaMeetingFactory(case=case)
    records = {
        "contact": [
            ContactFactory(case=case, is_appointment=True, starts_at=now - timedelta(hours=3), outcome=""),
            ContactFactory(case=case),
        ],
        # Appointments still booked, one to come and one awaiting its outcome: each can be cancelled.
        "appointment": [
            ContactFactory(case=case, is_appointment=True, starts_at=now + timedelta(days=2), outcome=""),
            ContactFactory(case=case, is_appointment=True, starts_at=now - timedelta(hours=5), outcome=""),
        ],
        "condition": [LicenceConditionFactory(case=case, condition_type=LicenceConditionTypeFactory())],
        "key-individual": [KeyIndividualFactory(case=case)],
        "acute-risk-factor": [AcuteRiskFactorFactory(case=case)],
        "risk-flag": [RiskFlagFactory(case=case, flag_type=RiskFlagTypeFactory())],
        "allegation": [record_allegation(case), decided_allegation(case)],
        # One referred, one started: between them every step's form is offered.
        "programme": [
            enrol(case, started=False),
            enrol(case, programme=thinking_skills(), required_because="Order requirement"),
        ],
        # One recall in progress per case: the recommendation here, the later states on the officer's other cases.
        "recall": [
            recommend_recall(case),
            endorsed_recall(CaseFactory(responsible_officer=officer, team=people["team"]), manager=people["manager"]),
            requested_recall(
                CaseFactory(responsible_officer=officer, team=people["team"]),
                manager=people["manager"],
                head=people["head"],
            ),
        ],
        # A warning, and an unacceptable absence the decision form offers as evidence.
        "enforcement": [decide(case, EnforcementDecision.Kind.WARNING)],
        "case-requirement": [CaseContactRequirementFactory(case=case, set_by=people["manager"])],
        "notification": [NotificationFactory(recipient=officer)],
        "referral": [
            ReferralFactory(**referral),
            ReferralFactory(**referral, status=Referral.Status.ACKNOWLEDGED, acknowledged_on=timezone.localdate()),
            awaiting,
            MappaReferralFactory(**referral, agency=mappa_unit, status=Referral.Status.DRAFT, sent_on=None),
            rejected,
            # The officer's answer to the co-ordinator's question.
            MappaReferralFactory(**referral, agency=mappa_unit, status=Referral.Status.AWAITING_INFORMATION),
        ],
        "escalation": [
            EscalationFactory(referral=rejected, assigned_to=people["manager"]),
            EscalationFactory(
                referral=RejectedMappaReferralFactory(**referral),
                assigned_to=people["manager"],
                status=Escalation.Status.MORE_INFORMATION,
            ),
        ],
        # The MAPPA co-ordinator's pages: a referral waiting for them, one acknowledged, one back after a dispute.
        "coordinator": [
            MappaReferralFactory(**referral, agency=mappa_unit),
            MappaReferralFactory(**referral, agency=mappa_unit, status=Referral.Status.ACKNOWLEDGED),
            MappaReferralFactory(
                **referral, agency=mappa_unit, status=Referral.Status.UNDER_REVIEW, decision_reason="Level 1."
            ),
        ],
        "meeting": [meeting],
        "action": [MappaActionFactory(meeting=meeting)],
        "oversight-action": list(
            record_oversight(case, people["manager"], actions=[("Visit the partner", 3)]).actions.all()
        ),
        "case-review": [record_case_review(case, people["manager"])],
        "unrouted": [
            UnroutedItem.objects.create(
                kind=UnroutedItem.Kind.REJECTED_REFERRAL,
                object_key=f"referral:{rejected.pk}",
                case=case,
                reason="No line manager, deputy or Head of Public Protection was available.",
            )
        ],
    }
    MappaReferralFactory(
        **referral, status=Referral.Status.ACCEPTED, decision=Referral.Decision.ACCEPTED_LEVEL_2, agency=mappa_unit
    )
    users = [officer, people["manager"], people["head"], people["deputy"], people["coordinator"]]
    return {"case": case, "users": users, "records": records}
