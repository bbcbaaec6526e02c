"""Who at the MAPPA unit is told about a referral: the co-ordinators of the case's PDU, then of its region.

The queue is the area's, not one person's: every co-ordinator for the area sees every referral sent to it. A
notification still needs a person, found through `supervision.services.routing.route_among` (active, not absent
that day, and able to see the case); when nobody is, the referral is recorded as unrouted work for an
administrator, never left with nobody told. A co-ordinator's scope is not `cases_visible_to`, so their
notifications carry no case link to check later: the body names the referral and the CRN, never the person.
"""

from datetime import date

from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse

from mappa.models import MappaCoordinator
from mappa.permissions import coordinator_may_see_case
from supervision import roles
from supervision.models import UnroutedItem
from supervision.services.notifications import notify
from supervision.services.routing import Candidate, route_among


def coordinator_referral_url(referral) -> str:
    return reverse("mappa:coordinator-referral", kwargs={"pk": referral.pk})


def coordinator_candidates(case, *, first=None) -> list[Candidate]:
    """The area's co-ordinators in the order they are tried: `first` (the one who asked, or who was met), then
    the PDU's, then the region's."""
    seats = (
        MappaCoordinator.objects.covering(case)
        .filter(user__groups__name=roles.MAPPA_COORDINATOR)
        .annotate(rank=Case(When(pdu__isnull=False, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("rank", "user__last_name", "user__first_name", "pk")
    )
    candidates = [Candidate(first, "the co-ordinator already working on it")] if first is not None else []
    for seat in seats:
        if first is None or seat.user_id != first.pk:
            candidates.append(Candidate(seat.user, f"MAPPA co-ordinator for {seat.area}"))
    return candidates


def tell_coordinator(referral, event, *, subject: str, body: str, on: date, first=None):
    """Tell one co-ordinator for the referral's area (None, after recording the unrouted work, if nobody can)."""
    case = referral.case
    recipient = route_among(
        case,
        coordinator_candidates(case, first=first),
        on=on,
        kind=UnroutedItem.Kind.MAPPA_REFERRAL_FOR_COORDINATOR,
        object_key=f"referral:{referral.pk}",
        url=coordinator_referral_url(referral),
        may_see=coordinator_may_see_case,
    )
    if recipient is not None:
        notify(
            recipient,
            event_key=f"referral-event:{event.pk}",
            subject=subject,
            body=f"{body} ({referral.get_kind_display()} referral, CRN {case.crn}.)",
            url=coordinator_referral_url(referral),
        )
    return recipient
