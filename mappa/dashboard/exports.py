"""A figure's list as a spreadsheet: the same records as the page (the access policy already applied), every cell
made safe from formula injection, every date in ISO form."""

import csv

from django.http import HttpResponse

from mappa.dashboard.figures import CASES, ESCALATIONS, MEETINGS, RECALLS, REFERRALS, Figure
from mappa.dashboard.records import case_of
from supervision.views.audit import safe_cell

# An export is for a piece of work, not a copy of the region: a list longer than this is cut, and says so.
EXPORT_LIMIT = 20_000
CASE_COLUMNS = ("CRN", "Name", "PDU", "Team", "Responsible officer")


def _day(value) -> str:
    return value.date().isoformat() if hasattr(value, "date") else value.isoformat() if value else ""


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


COLUMNS = {
    CASES.key: (
        ("MAPPA category", lambda r: r.get_mappa_category_display() or ""),
        ("MAPPA level", lambda r: r.get_mappa_level_display() or ""),
        ("RoSH", lambda r: r.get_rosh_display()),
    ),
    ESCALATIONS.key: (
        ("Due on", lambda r: _day(r.due_on)),
        ("Status", lambda r: r.get_status_display()),
        ("Assigned to", lambda r: _name(r.assigned_to)),
        ("Stepped up", lambda r: "Yes" if r.previous_id and r.previous.resolution == "STEPPED_UP" else "No"),
    ),
    REFERRALS.key: (
        ("Referral", lambda r: r.get_kind_display()),
        ("Status", lambda r: r.get_status_display()),
        ("Decision", lambda r: r.get_decision_display()),
        ("Decided on", lambda r: _day(r.decided_at)),
    ),
    MEETINGS.key: (
        ("Held on", lambda r: _day(r.held_on)),
        ("Level", lambda r: r.level),
        ("Next review on", lambda r: _day(r.next_review_on)),
        ("Overdue actions", lambda r: r.overdue_actions),
    ),
    RECALLS.key: (
        ("Kind", lambda r: r.get_kind_display()),
        ("Status", lambda r: r.get_status_display()),
        ("Endorsed by", lambda r: _name(r.endorsed_by)),
        ("Countersign by", lambda r: r.countersign_by.isoformat(timespec="minutes") if r.countersign_by else ""),
    ),
}


def csv_response(figure: Figure, found, *, filename: str) -> HttpResponse:
    columns = COLUMNS[figure.source.key]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([*CASE_COLUMNS, *(heading for heading, _ in columns)])
    for record in found[:EXPORT_LIMIT]:
        case = case_of(figure, record)
        cells = (
            case.crn,
            case.full_name,
            case.team.pdu.name,
            case.team.name,
            _name(case.responsible_officer) or "Awaiting allocation",
            *(value(record) for _, value in columns),
        )
        writer.writerow(safe_cell(cell) for cell in cells)
    return response
