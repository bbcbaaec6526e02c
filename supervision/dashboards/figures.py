"""supervision's figures for the line manager's dashboard, each the queryset of the list it links to.

Every figure starts from `team_cases(user)` (the cases the user may see in the teams they lead), so limited-access
cases are withheld from the number, the list and the export alike. Work on closed or recalled cases is not counted:
a flag left open on one is closed by the case's own closing, not by the manager.
"""

from datetime import timedelta

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from supervision.dashboards import Figure, caseload_threshold, register_figures, team_cases, team_officers
from supervision.dashboards import listings as lists
from supervision.dashboards.queries import chronic_shortfalls, home_visit_flags
from supervision.models import (
    AbsenceDecisionFlag,
    AcuteRiskFactor,
    Allegation,
    Contact,
    EnforcementDecision,
    OverdueFlag,
    OversightAction,
    Recall,
    RiskFlag,
    UnroutedItem,
)
from supervision.work import start_of

CONTACT, ENFORCEMENT, RISK, CASELOAD = "Contact", "Enforcement and breach", "Risk", "Caseload and allocation"
OVERSIGHT = "Management oversight"
# "For how long": a week, four weeks, longer.
WEEK, FOUR_WEEKS = 7, 28


def _active(user):
    return team_cases(user).active()


def _needs_attention(count: int) -> bool:
    return count > 0


# Contact ----------------------------------------------------------------------------------------------------


def overdue_requirements(user, on):
    """Open overdue flags: the overdue job's record of each requirement not met by its due date."""
    return OverdueFlag.objects.open().filter(case__in=_active(user))


def overdue_home_visits(user, on):
    return overdue_requirements(user, on).filter(home_visit_flags())


def overdue_up_to_a_week(user, on):
    return overdue_requirements(user, on).filter(due_on__gte=on - timedelta(days=WEEK))


def overdue_one_to_four_weeks(user, on):
    return overdue_requirements(user, on).filter(
        due_on__lt=on - timedelta(days=WEEK), due_on__gte=on - timedelta(days=FOUR_WEEKS)
    )


def overdue_over_four_weeks(user, on):
    return overdue_requirements(user, on).filter(due_on__lt=on - timedelta(days=FOUR_WEEKS))


def chronic(user, on):
    return chronic_shortfalls(on=on).filter(case__in=_active(user))


# Enforcement and breach -------------------------------------------------------------------------------------


def open_allegations(user, on):
    return Allegation.objects.open().filter(case__in=_active(user))


def allegations_past_due(user, on):
    """Allegations nobody has started to investigate by their first-response due date."""
    return Allegation.objects.past_due(on=on).filter(case__in=_active(user))


def allegations_received_this_week(user, on):
    return open_allegations(user, on).filter(received_on__gte=on - timedelta(days=WEEK))


def allegations_open_one_to_four_weeks(user, on):
    return open_allegations(user, on).filter(
        received_on__lt=on - timedelta(days=WEEK), received_on__gte=on - timedelta(days=FOUR_WEEKS)
    )


def allegations_open_over_four_weeks(user, on):
    return open_allegations(user, on).filter(received_on__lt=on - timedelta(days=FOUR_WEEKS))


def undecided_absences(user, on):
    """Unacceptable absences no enforcement decision has taken as evidence yet."""
    decided = EnforcementDecision.contacts.through.objects.filter(contact_id=OuterRef("pk"))
    return Contact.objects.filter(
        case__in=_active(user), outcome=Contact.Outcome.UNACCEPTABLE_ABSENCE, absence_judged_on__isnull=False
    ).filter(~Exists(decided))


def enforcement_decisions_overdue(user, on):
    """Unacceptable absences still waiting for a decision past the day the enforcement policy gives."""
    return AbsenceDecisionFlag.objects.open().filter(case__in=_active(user))


def recalls_awaiting_endorsement(user, on):
    return Recall.objects.awaiting_endorsement().filter(case__in=team_cases(user))


# Risk -------------------------------------------------------------------------------------------------------


def acute_risk_factors_this_week(user, on):
    """Raised today or in the six days before."""
    return AcuteRiskFactor.objects.filter(case__in=_active(user), raised_at__gte=start_of(on - timedelta(days=6)))


def acute_risk_factors_awaiting_review(user, on):
    return AcuteRiskFactor.objects.awaiting_review().filter(case__in=_active(user))


def risk_flag_reviews_overdue(user, on):
    return RiskFlag.objects.overdue(on=on).filter(case__in=_active(user))


# Caseload and allocation ------------------------------------------------------------------------------------


def active_cases(user, on):
    return _active(user).exclude(responsible_officer__isnull=True)


def officers_with_caseloads(user, on):
    """The team's officers, each with their number of active cases in the team (those the user may see)."""
    count = (
        _active(user)
        .filter(responsible_officer=OuterRef("pk"))
        .order_by()
        .values("responsible_officer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return team_officers(user).annotate(active_cases=Coalesce(Subquery(count, output_field=IntegerField()), 0))


def officers_over_threshold(user, on):
    return officers_with_caseloads(user, on).filter(active_cases__gt=caseload_threshold())


def past_end_date(user, on):
    return team_cases(user).past_end_date(on=on)


def awaiting_allocation(user, on):
    return _active(user).awaiting_allocation()


def oversight_actions_open(user, on):
    """Actions the managers set the officers in management oversight, not yet done."""
    return OversightAction.objects.open().filter(case__in=_active(user))


def oversight_actions_overdue(user, on):
    return oversight_actions_open(user, on).filter(due_on__lt=on)


def unrouted_items(user, on):
    """Work Caseworks could not route to anyone, on the team's cases."""
    return UnroutedItem.objects.open().filter(case__in=team_cases(user))


FIGURES = [
    Figure("overdue-requirements", "Overdue contact requirements", CONTACT, overdue_requirements,
           lists.OVERDUE_FLAGS, 100, is_warning=_needs_attention, by_officer="Overdue requirements"),
    Figure("overdue-home-visits", "of which home visits", CONTACT, overdue_home_visits, lists.OVERDUE_FLAGS, 110,
           is_warning=_needs_attention, by_officer="of which home visits", title="Overdue home visits"),
    Figure("overdue-up-to-a-week", "Overdue up to a week", CONTACT, overdue_up_to_a_week, lists.OVERDUE_FLAGS, 120,
           title="Contact requirements overdue up to a week"),
    Figure("overdue-one-to-four-weeks", "Overdue 1 to 4 weeks", CONTACT, overdue_one_to_four_weeks,
           lists.OVERDUE_FLAGS, 130, is_warning=_needs_attention, title="Contact requirements overdue 1 to 4 weeks"),
    Figure("overdue-over-four-weeks", "Overdue more than 4 weeks", CONTACT, overdue_over_four_weeks,
           lists.OVERDUE_FLAGS, 140, is_warning=_needs_attention,
           title="Contact requirements overdue more than 4 weeks"),
    Figure("chronic-shortfalls", "Chronic shortfalls", CONTACT, chronic, lists.CHRONIC_SHORTFALLS, 150,
           hint="Overdue again and again: in N of the last M periods, as each rule sets.",
           is_warning=_needs_attention),
    Figure("allegations-open", "Allegations open", ENFORCEMENT, open_allegations, lists.ALLEGATIONS, 200,
           by_officer="Allegations open"),
    Figure("allegations-past-due", "Awaiting a first response past its due date", ENFORCEMENT,
           allegations_past_due, lists.ALLEGATIONS, 210, is_warning=_needs_attention,
           title="Allegations awaiting a first response past its due date"),
    Figure("allegations-this-week", "Open, received in the last 7 days", ENFORCEMENT,
           allegations_received_this_week, lists.ALLEGATIONS, 220,
           title="Open allegations received in the last 7 days"),
    Figure("allegations-one-to-four-weeks", "Open 1 to 4 weeks", ENFORCEMENT, allegations_open_one_to_four_weeks,
           lists.ALLEGATIONS, 230, title="Allegations open 1 to 4 weeks"),
    Figure("allegations-over-four-weeks", "Open more than 4 weeks", ENFORCEMENT, allegations_open_over_four_weeks,
           lists.ALLEGATIONS, 240, is_warning=_needs_attention,
           title="Allegations open more than 4 weeks"),
    Figure("absences-undecided", "Unacceptable absences with no enforcement decision", ENFORCEMENT,
           undecided_absences, lists.UNDECIDED_ABSENCES, 250, by_officer="Absences to decide"),
    Figure("enforcement-decisions-overdue", "Enforcement decisions overdue", ENFORCEMENT,
           enforcement_decisions_overdue, lists.ABSENCE_FLAGS, 260, is_warning=_needs_attention),
    Figure("recalls-awaiting-endorsement", "Recalls awaiting endorsement", ENFORCEMENT, recalls_awaiting_endorsement,
           lists.RECALLS, 270, is_warning=_needs_attention),
    Figure("acute-risk-factors-this-week", "Acute risk factors raised in the last 7 days", RISK,
           acute_risk_factors_this_week, lists.ACUTE_RISK_FACTORS, 300, is_warning=_needs_attention),
    Figure("acute-risk-factors-awaiting-review", "Acute risk factors awaiting review", RISK,
           acute_risk_factors_awaiting_review, lists.ACUTE_RISK_FACTORS, 310, is_warning=_needs_attention),
    Figure("risk-flag-reviews-overdue", "Risk flag reviews overdue", RISK, risk_flag_reviews_overdue,
           lists.RISK_FLAG_REVIEWS, 320, is_warning=_needs_attention),
    Figure("oversight-actions-open", "Actions from management oversight not yet done", OVERSIGHT,
           oversight_actions_open, lists.OVERSIGHT_ACTIONS, 400, by_officer="Oversight actions"),
    Figure("oversight-actions-overdue", "of which overdue", OVERSIGHT, oversight_actions_overdue,
           lists.OVERSIGHT_ACTIONS, 410, is_warning=_needs_attention,
           title="Actions from management oversight overdue"),
    Figure("active-cases", "Active cases", CASELOAD, active_cases, lists.CASES, 500, by_officer="Active cases"),
    Figure("officers-over-threshold", "Officers above the caseload threshold", CASELOAD, officers_over_threshold,
           lists.OFFICERS, 510, is_warning=_needs_attention),
    Figure("cases-awaiting-allocation", "Cases awaiting allocation", CASELOAD, awaiting_allocation,
           lists.AWAITING_ALLOCATION, 520, is_warning=_needs_attention),
    Figure("cases-past-end-date", "Cases past their end date", CASELOAD, past_end_date, lists.CASES, 530,
           hint="Still active on or after the expected end date: close them or correct the date.",
           is_warning=_needs_attention),
    Figure("unrouted-items", "Work nobody could be found for", CASELOAD, unrouted_items, lists.UNROUTED_ITEMS, 540,
           is_warning=_needs_attention),
]  # fmt: skip


def register() -> None:
    register_figures(*FIGURES)
