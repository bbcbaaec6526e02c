"""Set-based questions the dashboard asks that no model answers yet: which overdue flags are for home visits, and
which requirements are in a chronic shortfall. Each is one queryset, for any number of cases."""

from datetime import date

from django.db.models import DateField, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from supervision.models import CaseContactRequirement, ContactRule, OverdueFlag
from supervision.services.overdue_shortfalls import NOT_REALLY_OVERDUE


def _counts_home_visits(model):
    """Rules (or case-level requirements) that a home visit meets: any home visit counts, or a ticked contact type
    is a home visit."""
    ticked = model.contact_types.through.objects.filter(
        **{f"{model._meta.model_name}_id": OuterRef("pk")}, contacttype__is_home_visit=True
    )
    return model.objects.filter(Q(counts_home_visits=True) | Exists(ticked))


def home_visit_flags():
    """Overdue flags whose requirement is a home visit (the home visits policy's first visit, or a visit every so
    many days), as a filter on `OverdueFlag`."""
    return Q(rule__in=_counts_home_visits(ContactRule)) | Q(
        case_requirement__in=_counts_home_visits(CaseContactRequirement)
    )


class _DaysBefore(Func):
    """`day - n` in days, for a whole number of days n held in the database (PostgreSQL's date - integer)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = DateField()


def chronic_shortfalls(*, on: date):
    """The newest overdue flag of each requirement that has been overdue in at least N of its last M periods up to
    `on` (the rule `supervision.services.overdue_shortfalls` applies for the line manager's digest, whether or not
    the manager has been told), annotated with `overdue_periods` and `within_periods`. One query.

    Each overdue flag is one period in which the requirement was overdue, counted by its due date; flags closed
    because the rule changed or gave a new due date do not count."""
    every = Coalesce(F("rule__every_days"), F("case_requirement__every_days"))
    needed = Coalesce(F("rule__chronic_overdue_periods"), F("case_requirement__chronic_overdue_periods"))
    within = Coalesce(F("rule__chronic_within_periods"), F("case_requirement__chronic_within_periods"))
    counted = OverdueFlag.objects.filter(due_on__lte=on).exclude(resolution__in=NOT_REALLY_OVERDUE)
    # The same requirement as the outer flag: a flag has a rule or a case-level requirement, never both, so
    # "same rule or same case-level requirement" matches exactly its own (NULL = NULL is never true).
    same_requirement = Q(case_id=OuterRef("case_id")) & (
        Q(rule_id=OuterRef("rule_id")) | Q(case_requirement_id=OuterRef("case_requirement_id"))
    )
    in_window = (
        counted.filter(same_requirement, due_on__gt=OuterRef("window_starts_after"))
        .order_by()
        .values("case_id")
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    newer = counted.filter(same_requirement).filter(
        Q(due_on__gt=OuterRef("due_on")) | Q(due_on=OuterRef("due_on"), pk__gt=OuterRef("pk"))
    )
    return (
        counted.filter(
            Q(rule__chronic_overdue_periods__isnull=False, rule__chronic_within_periods__isnull=False)
            | Q(
                case_requirement__chronic_overdue_periods__isnull=False,
                case_requirement__chronic_within_periods__isnull=False,
            )
        )
        .filter(~Exists(newer))
        .annotate(
            period_days=every,
            needed_periods=needed,
            within_periods=within,
            window_starts_after=_DaysBefore(Value(on, output_field=DateField()), every * within),
        )
        .annotate(overdue_periods=Coalesce(Subquery(in_window, output_field=IntegerField()), 0))
        .filter(period_days__isnull=False, overdue_periods__gte=F("needed_periods"))
    )
