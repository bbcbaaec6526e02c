"""The records behind a figure, for its list page and its CSV: the figure's own queryset (`Figure.records_for`),
narrowed to the area and officer, ordered and joined for display. The dashboard's count of the same figure comes
from the same queryset, so the list is exactly as long as the figure."""

from django.db.models import Count, Q

from mappa.dashboard.breakdown import Area, Officer
from mappa.dashboard.figures import MEETINGS, Figure, Moment
from mappa.models import MappaAction


def records(user, figure: Figure, area: Area, officer: Officer | None, *, moment: Moment):
    source = figure.source
    found = figure.records_for(user, area.region.pk, moment=moment).filter(area.q(source))
    if officer is not None:
        found = found.filter(officer.q(source))
    return found


def for_display(figure: Figure, found, *, moment: Moment):
    """Ordered, with what each row shows fetched in the same query (a meeting's overdue actions counted in it)."""
    source = figure.source
    found = found.select_related(*source.related).order_by(*source.ordering)
    if source is MEETINGS:
        overdue = Q(actions__in=MappaAction.objects.overdue_on(moment.today))
        found = found.annotate(overdue_actions=Count("actions", filter=overdue))
    return found


def case_of(figure: Figure, record):
    """The case a listed record is about."""
    for name in filter(None, figure.source.case_path.split("__")):
        record = getattr(record, name)
    return record
