"""A generated team for the dashboard's tests: a line manager, officers with cases, one of each kind of work on
every case, and the cases the dashboard must leave out (another team's, a restricted one, a closed one)."""

from datetime import timedelta

from django.utils import timezone

from supervision import roles
from supervision.models import (
    AbsenceDecisionFlag,
    CaseAccessLimit,
    Contact,
    EnforcementDecision,
    OverdueFlag,
    Recall,
    UnroutedItem,
)
from supervision.tests.allegation_factories import record_allegation
from supervision.tests.factories import (
    AcuteRiskFactorFactory,
    CaseFactory,
    ContactFactory,
    RiskFlagFactory,
    StaffFactory,
    TeamFactory,
)
from supervision.tests.oversight_factories import record_oversight
from supervision.tests.rule_factories import ContactRuleFactory


def rules():
    home = ContactRuleFactory(name="Home visit every 14 days", counts_home_visits=True)
    office = ContactRuleFactory(
        name="Office appointment every 7 days",
        contact_description="Office appointment",
        counts_home_visits=False,
        channels=["OFFICE"],
        every_days=7,
        chronic_overdue_periods=2,
        chronic_within_periods=4,
    )
    return home, office


def overdue_flag(case, rule, *, days_overdue: int, on) -> OverdueFlag:
    due_on = on - timedelta(days=days_overdue)
    return OverdueFlag.objects.create(
        case=case, rule=rule, due_on=due_on, opened_on=due_on + timedelta(days=1), explanation="Overdue."
    )


def unacceptable_absence(case, *, on, days_ago=10, flagged=True) -> Contact:
    contact = ContactFactory(
        case=case,
        starts_at=timezone.now() - timedelta(days=days_ago),
        outcome=Contact.Outcome.UNACCEPTABLE_ABSENCE,
        absence_judged_on=on - timedelta(days=days_ago),
    )
    if flagged:
        AbsenceDecisionFlag.objects.create(
            case=case, contact=contact, due_on=on - timedelta(days=3), opened_on=on - timedelta(days=2)
        )
    return contact


def recall_recommended(case) -> Recall:
    decision = EnforcementDecision.objects.create(
        case=case,
        kind=EnforcementDecision.Kind.RECALL_STANDARD,
        decided_on=timezone.localdate(),
        rationale="Further contact with the victim.",
        alternatives_considered="A final warning; a curfew.",
        decided_by=case.responsible_officer,
    )
    now = timezone.now()
    return Recall.objects.create(
        case=case,
        decision=decision,
        kind=Recall.Kind.STANDARD,
        recommended_by=case.responsible_officer,
        recommended_at=now,
        endorse_by=now + timedelta(hours=24),
    )


def every_kind_of_work(case, *, on, home, office):
    """One of each thing the dashboard counts, on this case."""
    overdue_flag(case, home, days_overdue=3, on=on)
    overdue_flag(case, home, days_overdue=40, on=on)
    overdue_flag(case, office, days_overdue=12, on=on)
    overdue_flag(case, office, days_overdue=20, on=on)
    record_allegation(case, days_ago=2, first_response_due_on=on + timedelta(days=5))
    record_allegation(case, days_ago=40, first_response_due_on=on - timedelta(days=35))
    unacceptable_absence(case, on=on)
    recall_recommended(case)
    AcuteRiskFactorFactory(case=case)
    RiskFlagFactory(case=case, next_review_on=on - timedelta(days=5), started_on=case.started_on)
    UnroutedItem.objects.create(
        kind=UnroutedItem.Kind.OVERDUE_CONTACT_ALERT, object_key=f"case:{case.pk}", case=case, reason="Nobody."
    )
    # Management oversight ten days ago: one action now overdue, one still to come.
    record_oversight(
        case,
        case.responsible_officer.profile.line_manager,
        reviewed_on=on - timedelta(days=10),
        actions=[("Visit his partner at home", 3), ("Review the risk management plan", 20)],
    )


def build_team(*, officers=2, cases_each=2, team=None, with_work=True):
    on = timezone.localdate()
    team = team or TeamFactory()
    manager = StaffFactory(role=roles.LINE_MANAGER, profile__team=team, profile__grade="SPO", last_name="Manager")
    home, office = rules()
    staff, cases = [], []
    for _ in range(officers):
        officer = StaffFactory(role=roles.RESPONSIBLE_OFFICER, profile__team=team)
        officer.profile.line_manager = manager
        officer.profile.save()
        staff.append(officer)
        for _ in range(cases_each):
            case = CaseFactory(responsible_officer=officer, started_on=on - timedelta(days=200))
            if with_work:
                every_kind_of_work(case, on=on, home=home, office=office)
            cases.append(case)
    return {"team": team, "manager": manager, "officers": staff, "cases": cases, "on": on}


def cases_left_out(world):
    """Cases in the team the manager must not count: one restricted to its officer, one closed."""
    on, officer = world["on"], world["officers"][0]
    home, office = rules()
    restricted = CaseFactory(responsible_officer=officer, started_on=on - timedelta(days=200))
    every_kind_of_work(restricted, on=on, home=home, office=office)
    limit = CaseAccessLimit.objects.create(
        case=restricted, kind=CaseAccessLimit.Kind.RESTRICTION, message="Ask the Head of Public Protection.",
        reason="A member of staff knows the person.", set_by=officer,
    )  # fmt: skip
    limit.staff.add(officer)
    closed = CaseFactory(responsible_officer=officer, status="CLOSED", started_on=on - timedelta(days=200))
    overdue_flag(closed, home, days_overdue=3, on=on)
    return {"restricted": restricted, "closed": closed}
