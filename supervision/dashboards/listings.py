"""How each kind of row on a dashboard list is shown and exported: its columns, and what to fetch for them."""

from django.urls import reverse
from django.utils import timezone

from supervision.dashboards import Column, Listing


def _days_since(day, on) -> int | None:
    return (on - day).days if day is not None else None


def _officer_name(case) -> str:
    return case.officer_name


def case_columns(path=lambda row: row.case, url=None) -> tuple[Column, ...]:
    """Name (a link), CRN and officer, for a row that belongs to a case (`path` reaches the case)."""
    return (
        Column("Name", lambda row, on: path(row).full_name, url or (lambda row: path(row).get_absolute_url())),
        Column("CRN", lambda row, on: path(row).crn),
        Column("Officer", lambda row, on: _officer_name(path(row))),
    )


def _case_fetch(queryset):
    return queryset.select_related("case__responsible_officer")


CASES = Listing(
    columns=(
        *case_columns(path=lambda case: case),
        Column("RoSH", lambda case, on: case.get_rosh_display()),
        Column("Tier", lambda case, on: case.tier),
        Column("Started", lambda case, on: case.started_on),
        Column("Expected to end", lambda case, on: case.expected_end_on),
    ),
    fetch=lambda queryset: queryset.select_related("responsible_officer"),
    officer_path="responsible_officer",
    team_path="team",
    case_path="pk",
    order_by=("last_name", "first_name", "crn"),
)

AWAITING_ALLOCATION = Listing(
    columns=(
        Column(
            "Name",
            lambda case, on: case.full_name,
            lambda case: reverse("supervision:case-allocation", kwargs={"crn": case.crn}),
        ),
        Column("CRN", lambda case, on: case.crn),
        Column("RoSH", lambda case, on: case.get_rosh_display()),
        Column("Waiting since", lambda case, on: timezone.localdate(case.awaiting_allocation_since)),
        Column("Days waiting", lambda case, on: _days_since(timezone.localdate(case.awaiting_allocation_since), on)),
    ),
    fetch=lambda queryset: queryset,
    officer_path="responsible_officer",
    team_path="team",
    case_path="pk",
    order_by=("awaiting_allocation_since", "pk"),
)


def _requirement(flag) -> str:
    counting = flag.rule if flag.rule_id else flag.case_requirement
    return counting.contact_description


def _flag_url(flag) -> str:
    return reverse("supervision:case-contact-requirements", kwargs={"crn": flag.case.crn})


OVERDUE_FLAGS = Listing(
    columns=(
        *case_columns(url=_flag_url),
        Column("Contact needed", lambda flag, on: _requirement(flag)),
        Column("Due on", lambda flag, on: flag.due_on),
        Column("Days overdue", lambda flag, on: _days_since(flag.due_on, on)),
    ),
    fetch=lambda queryset: queryset.select_related("case__responsible_officer", "rule", "case_requirement"),
    officer_path="case__responsible_officer",
    team_path="case__team",
    case_path="case",
    order_by=("due_on", "pk"),
)

CHRONIC_SHORTFALLS = Listing(
    columns=(
        *case_columns(url=_flag_url),
        Column("Contact needed", lambda flag, on: _requirement(flag)),
        Column(
            "Overdue in",
            lambda flag, on: f"{flag.overdue_periods} of the last {flag.within_periods} periods",
        ),
        Column("Last due on", lambda flag, on: flag.due_on),
    ),
    fetch=OVERDUE_FLAGS.fetch,
    officer_path="case__responsible_officer",
    team_path="case__team",
    case_path="case",
    order_by=("-overdue_periods", "case__crn", "pk"),
)


def _allegation_url(allegation) -> str:
    return reverse("supervision:allegation-detail", kwargs={"crn": allegation.case.crn, "pk": allegation.pk})


ALLEGATIONS = Listing(
    columns=(
        *case_columns(url=_allegation_url),
        Column("Received on", lambda allegation, on: allegation.received_on),
        Column("Days open", lambda allegation, on: _days_since(allegation.received_on, on)),
        Column("Status", lambda allegation, on: allegation.get_status_display()),
        Column("Urgency", lambda allegation, on: allegation.get_urgency_display()),
        Column("First response due", lambda allegation, on: allegation.first_response_due_on),
    ),
    fetch=_case_fetch,
    officer_path="case__responsible_officer",
    team_path="case__team",
    case_path="case",
    order_by=("received_on", "pk"),
)


def _contact_url(contact) -> str:
    return reverse("supervision:contact-detail", kwargs={"crn": contact.case.crn, "pk": contact.pk})


UNDECIDED_ABSENCES = Listing(
    columns=(
        *case_columns(url=_contact_url),
        Column("Appointment", lambda contact, on: contact.contact_type.name),
        Column("On", lambda contact, on: timezone.localdate(contact.starts_at)),
        Column("Judged unacceptable on", lambda contact, on: contact.absence_judged_on),
        Column("Days waiting", lambda contact, on: _days_since(contact.absence_judged_on, on)),
    ),
    fetch=lambda queryset: queryset.select_related("case__responsible_officer", "contact_type"),
    officer_path="case__responsible_officer",
    team_path="case__team",
    case_path="case",
    order_by=("absence_judged_on", "pk"),
)

ABSENCE_FLAGS = Listing(
    columns=(
        *case_columns(
            url=lambda flag: reverse("supervision:contact-detail", kwargs={"crn": flag.case.crn, "pk": flag.contact_id})
        ),
        Column("Appointment", lambda flag, on: flag.contact.contact_type.name),
        Column("On", lambda flag, on: timezone.localdate(flag.contact.starts_at)),
        Column("Decision due on", lambda flag, on: flag.due_on),
        Column("Days overdue", lambda flag, on: _days_since(flag.due_on, on)),
    ),
    fetch=lambda queryset: queryset.select_related("case__responsible_officer", "contact__contact_type"),
    officer_path="case__responsible_officer",
    team_path="case__team",
    case_path="case",
    order_by=("due_on", "pk"),
)

RECALLS = Listing(
    columns=(
        *case_columns(),
        Column("Recall", lambda recall, on: recall.get_kind_display()),
        Column("Recommended", lambda recall, on: timezone.localtime(recall.recommended_at)),
        Column("Endorse by", lambda recall, on: timezone.localtime(recall.endorse_by)),
        Column("Recommended by", lambda recall, on: recall.recommended_by.get_full_name()),
    ),
    fetch=lambda queryset: queryset.select_related("case__responsible_officer", "recommended_by"),
    officer_path="case__responsible_officer",
    team_path="case__team",
    case_path="case",
    order_by=("endorse_by", "pk"),
)

ACUTE_RISK_FACTORS = Listing(
    columns=(
        *case_columns(),
        Column("Identified on", lambda factor, on: factor.identified_on),
        Column("What changed", lambda factor, on: factor.description),
        Column("Reviewed", lambda factor, on: "Yes" if factor.reviewed_at else "Not yet"),
    ),
    fetch=_case_fetch,
    officer_path="case__responsible_officer",
    team_path="case__team",
    case_path="case",
    order_by=("-raised_at", "-pk"),
)


def _risk_flag_url(flag) -> str:
    return reverse("supervision:risk-flag-review", kwargs={"crn": flag.case.crn, "pk": flag.pk})


RISK_FLAG_REVIEWS = Listing(
    columns=(
        *case_columns(url=_risk_flag_url),
        Column("Flag", lambda flag, on: flag.flag_type.name),
        Column("Review due", lambda flag, on: flag.next_review_on),
        Column("Days overdue", lambda flag, on: _days_since(flag.next_review_on, on)),
    ),
    fetch=lambda queryset: queryset.select_related("case__responsible_officer", "flag_type"),
    officer_path="case__responsible_officer",
    team_path="case__team",
    case_path="case",
    order_by=("next_review_on", "pk"),
)

UNROUTED_ITEMS = Listing(
    columns=(
        *case_columns(),
        Column("What", lambda item, on: item.get_kind_display()),
        Column("Since", lambda item, on: timezone.localdate(item.created_at)),
        Column("Why nobody was found", lambda item, on: item.reason),
    ),
    fetch=_case_fetch,
    officer_path="case__responsible_officer",
    team_path="case__team",
    case_path="case",
    order_by=("created_at", "pk"),
)


def _caseload_url(officer) -> str:
    return reverse("supervision:caseload") + f"?officer={officer.pk}"


OFFICERS = Listing(
    columns=(
        Column("Officer", lambda officer, on: officer.get_full_name() or officer.username, _caseload_url),
        Column("Active cases", lambda officer, on: officer.active_cases),
    ),
    fetch=lambda queryset: queryset,
    officer_path="pk",
    team_path="profile__team",
    order_by=("-active_cases", "last_name", "first_name", "pk"),
)


def _oversight_action_url(action) -> str:
    return reverse("supervision:case-oversight", kwargs={"crn": action.case.crn})


OVERSIGHT_ACTIONS = Listing(
    columns=(
        *case_columns(url=_oversight_action_url),
        Column("Action", lambda action, on: action.description),
        Column("Set on", lambda action, on: action.record.reviewed_on),
        Column("Due on", lambda action, on: action.due_on),
        Column("Days overdue", lambda action, on: max(_days_since(action.due_on, on), 0)),
    ),
    fetch=lambda queryset: queryset.select_related("case__responsible_officer", "record"),
    officer_path="case__responsible_officer",
    team_path="case__team",
    case_path="case",
    order_by=("due_on", "pk"),
)
