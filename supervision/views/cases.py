"""The case record: overview, contacts list and chronology."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from supervision.case_record.chronology import SOURCES, Entry, chronology_for
from supervision.case_record.open_work import OPEN_WORK_INCLUDES, open_work_for
from supervision.permissions import may_limit_access, may_see_sensitive_contacts
from supervision.services.compliance import compliance_summary
from supervision.views.base import case_context, case_page

CONTACTS_PAGE_SIZE = 50


@case_page
def case_detail(request, case):
    """What an RO needs before a visit: address, conditions, victims and vulnerable people, recent
    contacts, the next appointment and open work."""
    now = timezone.now()
    today = timezone.localdate(now)
    conditions = list(case.licence_conditions.in_force(on=today).select_related("condition_type", "key_individual"))
    people = [
        person
        for person in case.key_individuals.all()
        if person.is_victim or person.is_potential_victim or person.is_vulnerable or person.is_pregnant
    ]
    recent = list(
        case.contacts.happened(now=now).select_related("contact_type", "made_by_user").order_by("-starts_at", "-pk")[:5]
    )
    withhold = not may_see_sensitive_contacts(request.user, case)
    for contact in recent:
        contact.needs_outcome = contact.is_awaiting_outcome_at(now)
        contact.is_withheld = withhold and contact.is_sensitive
    next_appointment = (
        case.contacts.upcoming_appointments(now=now).select_related("contact_type").order_by("starts_at").first()
    )
    context = case_context(
        case,
        tab="overview",
        conditions=conditions,
        people=people,
        recent_contacts=recent,
        next_appointment=next_appointment,
        open_work=open_work_for(case, now=now),
        open_work_includes=OPEN_WORK_INCLUDES,
        may_limit_access=may_limit_access(request.user, case),
        compliance=compliance_summary(case, on=today),
    )
    return render(request, "supervision/case/overview.html", context)


@case_page
def case_contacts(request, case):
    now = timezone.now()
    contacts = case.contacts.select_related("contact_type", "made_by_user").order_by("-starts_at", "-pk")
    page = Paginator(contacts, CONTACTS_PAGE_SIZE).get_page(request.GET.get("page"))
    withhold = not may_see_sensitive_contacts(request.user, case)
    for contact in page.object_list:
        contact.needs_outcome = contact.is_awaiting_outcome_at(now)
        contact.is_withheld = withhold and contact.is_sensitive
        contact.is_upcoming = contact.is_upcoming_at(now)
    return render(request, "supervision/case/contacts.html", case_context(case, tab="contacts", page=page))


# Entries withheld from someone who may see the case but not read sensitive contacts, and what they show instead.
# (Other sources mark entries sensitive as a caution to the reader, not to withhold them.)
WITHHELD_TITLES = {
    "contacts": "Sensitive contact",
    "allegations": "Account from a victim or the victim liaison officer",
}


def withhold_if_sensitive_contact(entry: Entry) -> Entry:
    """A sensitive contact or a victim's account, for someone who may not read it: its date and whom to ask,
    nothing it says."""
    title = WITHHELD_TITLES.get(entry.kind)
    if title is None or not entry.is_sensitive:
        return entry
    return Entry(
        kind=entry.kind, at=entry.at, title=title, is_sensitive=True, is_withheld=True, has_time=entry.has_time
    )


@case_page
def case_chronology(request, case):
    kinds = {source.kind for source in SOURCES}
    wanted = [kind for kind in request.GET.getlist("kind") if kind in kinds]
    entries = chronology_for(case, kinds=wanted)
    if not may_see_sensitive_contacts(request.user, case):
        entries = [withhold_if_sensitive_contact(entry) for entry in entries]
    filters = [{"value": s.kind, "label": s.label, "checked": s.kind in wanted} for s in SOURCES]
    return render(
        request,
        "supervision/case/chronology.html",
        case_context(case, tab="chronology", entries=entries, filters=filters, is_filtered=bool(wanted)),
    )
