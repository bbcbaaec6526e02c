"""mappa's figures and trend for the line manager's dashboard (supervision.dashboards), registered from
MappaConfig.ready(): MAPPA escalations awaiting the manager by due status, and referrals awaiting a response or the
manager's endorsement. Each is the queryset of the list it links to, on the cases `team_cases` gives."""

from datetime import date, timedelta

from django.urls import reverse

from mappa.models import Escalation, Referral
from supervision import roles
from supervision.dashboards import Column, Figure, Listing, TrendSeries, register_figures, register_trends, team_cases
from supervision.dashboards.listings import case_columns
from supervision.dashboards.trends import open_on_each
from supervision.work import DUE_SOON_DAYS, start_of

ESCALATIONS, REFERRALS = "MAPPA escalations awaiting you", "Referrals to other agencies"


def _levels(user) -> list[str]:
    """The escalation levels a manager acts on: a line manager's, and a Head of Public Protection's own."""
    levels = []
    if roles.has_role(user, roles.LINE_MANAGER):
        levels.append(Escalation.Level.LINE_MANAGER)
    if roles.has_role(user, roles.HEAD_OF_PUBLIC_PROTECTION):
        levels.append(Escalation.Level.HEAD_OF_PUBLIC_PROTECTION)
    return levels


def escalations_awaiting(user, on: date):
    """Unresolved escalations at the user's level on the team's cases, whoever holds them (a deputy covering
    counts: the dispute still waits on the team's management)."""
    return Escalation.objects.unresolved().filter(level__in=_levels(user), referral__case__in=team_cases(user))


def escalations_overdue(user, on: date):
    return escalations_awaiting(user, on).filter(due_on__lt=on)


def escalations_due_soon(user, on: date):
    return escalations_awaiting(user, on).filter(due_on__gte=on, due_on__lte=on + timedelta(days=DUE_SOON_DAYS))


def escalations_due_later(user, on: date):
    return escalations_awaiting(user, on).filter(due_on__gt=on + timedelta(days=DUE_SOON_DAYS))


def referrals_awaiting_response(user, on: date):
    """Sent to an agency (or acknowledged) and not yet answered."""
    return Referral.objects.awaiting_response().filter(case__in=team_cases(user).active())


def referrals_late(user, on: date):
    return Referral.objects.late_on(on).filter(case__in=team_cases(user).active())


def referrals_awaiting_endorsement(user, on: date):
    return Referral.objects.filter(
        status=Referral.Status.AWAITING_ENDORSEMENT, case__in=team_cases(user).active()
    ).exclude(created_by=user)


def _days_past(day, on):
    return (on - day).days if day is not None and day < on else 0


ESCALATION_LIST = Listing(
    columns=(
        *case_columns(
            path=lambda escalation: escalation.referral.case,
            url=lambda escalation: reverse("mappa:escalation-detail", kwargs={"pk": escalation.pk}),
        ),
        Column("Referral", lambda escalation, on: escalation.referral.get_kind_display()),
        Column("Status", lambda escalation, on: escalation.get_status_display()),
        Column("With", lambda escalation, on: escalation.assigned_to.get_full_name()),
        Column("Due on", lambda escalation, on: escalation.due_on),
        Column("Days past due", lambda escalation, on: _days_past(escalation.due_on, on)),
    ),
    fetch=lambda queryset: queryset.select_related("referral__case__responsible_officer", "assigned_to"),
    officer_path="referral__case__responsible_officer",
    team_path="referral__case__team",
    case_path="referral__case",
    order_by=("due_on", "pk"),
)

REFERRAL_LIST = Listing(
    columns=(
        *case_columns(url=lambda referral: reverse("mappa:referral-detail", kwargs={"pk": referral.pk})),
        Column("Referral", lambda referral, on: referral.get_kind_display()),
        Column("To", lambda referral, on: referral.agency.name),
        Column("Status", lambda referral, on: referral.get_status_display()),
        Column("Sent on", lambda referral, on: referral.sent_on),
        Column("Response due", lambda referral, on: referral.response_due_on),
    ),
    fetch=lambda queryset: queryset.select_related("case__responsible_officer", "agency"),
    officer_path="case__responsible_officer",
    team_path="case__team",
    case_path="case",
    order_by=("response_due_on", "created_at", "pk"),
)


def _needs_attention(count: int) -> bool:
    return count > 0


FIGURES = [
    Figure("escalations-overdue", "Past their due date", ESCALATIONS, escalations_overdue, ESCALATION_LIST, 10,
           is_warning=_needs_attention, title="MAPPA escalations past their due date"),
    Figure("escalations-due-soon", f"Due within {DUE_SOON_DAYS} days", ESCALATIONS, escalations_due_soon,
           ESCALATION_LIST, 20, is_warning=_needs_attention,
           title=f"MAPPA escalations due within {DUE_SOON_DAYS} days"),
    Figure("escalations-due-later", "Due later", ESCALATIONS, escalations_due_later, ESCALATION_LIST, 30,
           title="MAPPA escalations due later"),
    Figure("referrals-awaiting-endorsement", "MAPPA referrals awaiting your endorsement", REFERRALS,
           referrals_awaiting_endorsement, REFERRAL_LIST, 400, is_warning=_needs_attention),
    Figure("referrals-awaiting-response", "Referrals awaiting a response", REFERRALS, referrals_awaiting_response,
           REFERRAL_LIST, 410),
    Figure("referrals-late", "of which the response is late", REFERRALS, referrals_late, REFERRAL_LIST, 420,
           is_warning=_needs_attention, title="Referrals whose response is late"),
]  # fmt: skip


def open_escalations_weekly(user, days: list[date]) -> list[int]:
    """Escalations at the user's level open at the end of each week (created, and not closed by then)."""
    escalations = Escalation.objects.filter(level__in=_levels(user), referral__case__in=team_cases(user))
    # Escalations carry moments, not days: open at the end of the day means created before the next day began.
    ends = [start_of(day + timedelta(days=1)) for day in days]
    return open_on_each(escalations, ends, opened="created_at", closed="resolved_at", strictly_before=True)


TRENDS = [
    TrendSeries("open-escalations", "Open MAPPA escalations, week by week", open_escalations_weekly, 20),
]


def register() -> None:
    register_figures(*FIGURES)
    register_trends(*TRENDS)
