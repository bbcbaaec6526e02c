"""The seed case's enforcement, as the inspection case study tells it: a warning for entering the exclusion zone
and failing to disclose a new relationship (the allegation confirmed on CCTV), then, after the MAPPA level 2
meeting, a final warning for being stopped driving while disqualified (the police intelligence). The recall that
followed is the recall workflow's demo.

Written through the enforcement service after the allegations it links (`build_allegation_demo`)."""

from datetime import timedelta

from supervision.demo.caseload import DemoBuilder, at
from supervision.demo.users import SEED_CASE_CRN
from supervision.models import AllegationFinding, Case, EnforcementDecision
from supervision.services.enforcement import record_enforcement_decision

Kind = EnforcementDecision.Kind


def build_enforcement_demo(demo: DemoBuilder) -> None:
    case = Case.objects.get(crn=SEED_CASE_CRN)
    if case.enforcement_decisions.exists():
        return  # seed_demo run again: the decisions are already there
    ro = demo.users["priya.shah"]
    released = case.started_on
    confirmed = case.allegations.filter(finding=AllegationFinding.Outcome.SUBSTANTIATED).order_by("received_on")
    warning_on = released + timedelta(days=44)
    record_enforcement_decision(
        case,
        kind=Kind.WARNING,
        decided_on=warning_on,
        rationale="Entered the exclusion zone (confirmed on CCTV, and he admits it) and did not disclose his new "
        "relationship with Kayleigh Dunn. Warned in person that a further breach may lead to recall; the exclusion "
        "zone map and the duty to disclose relationships gone through with him again.",
        allegations=list(confirmed),
        by=ro,
        now=at(warning_on, 15),
    )
    final_on = released + timedelta(days=95)
    driving = case.police_intelligence.filter(source__icontains="roads policing")
    record_enforcement_decision(
        case,
        kind=Kind.FINAL_WARNING,
        decided_on=final_on,
        rationale="Stopped by police driving while disqualified: a breach of the condition to be of good behaviour, "
        "while a warning is in force. Agreed at the MAPPA level 2 meeting; any further failure will be considered "
        "for recall.",
        police_intelligence=list(driving),
        by=ro,
        now=at(final_on, 11),
    )
