"""The overdue-contacts job: flag each overdue requirement once, clear flags a contact has met, and tell people.

Each run recomputes from the database, so a missed run is caught up by the next, and a repeated or
concurrent run adds nothing: the partial unique constraints on OverdueFlag and on Notification guard the
writes (INSERT ... ON CONFLICT DO NOTHING), not the scheduling.
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from supervision.contact_requirements import Status, contact_requirements
from supervision.models import Case, OverdueFlag
from supervision.models.routing import UnroutedItem
from supervision.services.notifications import NewNotification, notify_many
from supervision.services.routing import Router

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FlagRun:
    on: date
    opened: int
    closed: int
    officers_notified: int
    line_managers_notified: int

    def as_dict(self) -> dict:
        return {
            "on": self.on.isoformat(),
            "opened": self.opened,
            "closed": self.closed,
            "officers_notified": self.officers_notified,
            "line_managers_notified": self.line_managers_notified,
        }


def _key(case_id, rule_id, case_requirement_id):
    return (case_id, ("rule", rule_id) if rule_id else ("case", case_requirement_id))


def _flag_key(flag: dict):
    return _key(flag["case_id"], flag["rule_id"], flag["case_requirement_id"])


@transaction.atomic
def flag_overdue_contacts(*, on: date, case_ids: list[int] | None = None) -> FlagRun:
    """Flag every requirement overdue on `on`, once per case, requirement and due date.

    A flag closes when a qualifying contact meets the requirement, when the requirement stops applying
    (the rule is deactivated or no longer covers the case, the case closes), or when an edited rule gives
    a new due date (a new flag then opens for that date). The responsible officer is told once per flag;
    their line manager once, when the flag has stayed open for the requirement's number of days.

    `case_ids` limits the run to those cases: the hourly sweep runs in chunks, each its own task and
    transaction, so a redelivered chunk redoes only that chunk.
    """
    now = timezone.now()
    cases = None if case_ids is None else Case.objects.filter(pk__in=case_ids)
    statuses = {(s.case_id, s.requirement.key): s for s in contact_requirements(on=on, cases=cases)}
    open_flags = list(_open_flags(case_ids).values("pk", "case_id", "rule_id", "case_requirement_id", "due_on"))
    opened = _open_new_flags(statuses, open_flags, on=on)
    closed = _close_flags_no_longer_overdue(statuses, open_flags, on=on, now=now)
    officers, managers = _notify(on=on, now=now, case_ids=case_ids)
    run = FlagRun(on, opened, closed, officers, managers)
    logger.info("Overdue contacts on %s: %s", on, run.as_dict())
    return run


def _open_flags(case_ids: list[int] | None):
    flags = OverdueFlag.objects.open()
    return flags if case_ids is None else flags.filter(case_id__in=case_ids)


def _open_new_flags(statuses: dict, open_flags: list[dict], *, on: date) -> int:
    """Open a flag for each overdue requirement and due date not flagged yet."""
    already_open = {(*_flag_key(f), f["due_on"]) for f in open_flags}
    new_flags = [
        OverdueFlag(
            case_id=s.case_id,
            rule_id=s.requirement.rule_id,
            case_requirement_id=s.requirement.case_requirement_id,
            due_on=s.due_on,
            opened_on=on,
            explanation=s.explanation,
        )
        for key, s in statuses.items()
        if s.status is Status.OVERDUE and (*key, s.due_on) not in already_open
    ]
    if new_flags:
        OverdueFlag.objects.bulk_create(new_flags, ignore_conflicts=True)
    return len(new_flags)


def _resolution(current) -> tuple[str, int | None]:
    """Why an open flag closes, given the requirement's status now (None when it no longer applies), and the
    contact that met it, if one did."""
    if current is None:
        return OverdueFlag.Resolution.NO_LONGER_APPLIES, None
    if current.is_overdue:
        return OverdueFlag.Resolution.DUE_DATE_CHANGED, None
    return OverdueFlag.Resolution.MET, current.last_contact.pk if current.last_contact else None


def _close_flags_no_longer_overdue(statuses: dict, open_flags: list[dict], *, on: date, now) -> int:
    """Close each open flag whose requirement is met, no longer applies, or is now due on another date."""
    closing = []
    for flag in open_flags:
        current = statuses.get(_flag_key(flag))
        if current is not None and current.is_overdue and current.due_on == flag["due_on"]:
            continue
        resolution, contact_id = _resolution(current)
        closing.append(
            OverdueFlag(
                pk=flag["pk"], resolved_at=now, resolved_on=on, resolution=resolution, resolved_by_contact_id=contact_id
            )
        )
    if closing:
        OverdueFlag.objects.bulk_update(closing, ["resolved_at", "resolved_on", "resolution", "resolved_by_contact"])
    return len(closing)


def _officer_notification(flag: OverdueFlag, *, what: str, url: str) -> NewNotification:
    case = flag.case
    return NewNotification(
        recipient=case.responsible_officer,
        event_key=f"overdue-flag:{flag.pk}",
        subject=f"{what} overdue on one of your cases",
        body=f"{case.full_name} ({case.crn}): {flag.explanation}",
        url=url,
        case_id=case.pk,
    )


def _line_manager_to_tell(flag: OverdueFlag, *, on: date, router: Router):
    """Who to tell that the flag has stayed open the requirement's number of days, if they have not been told
    yet: the officer's line manager or their cover (supervision.services.routing), always someone who can see
    the case. None when it is not time yet, or when nobody is available: then the alert is recorded as
    unrouted and the flag stays unnotified, so the next run tries again."""
    after = (flag.rule or flag.case_requirement).notify_line_manager_after_days
    if flag.line_manager_notified_at is not None or after is None or (on - flag.opened_on).days < after:
        return None
    return router.route(
        flag.case,
        kind=UnroutedItem.Kind.OVERDUE_CONTACT_ALERT,
        object_key=f"overdue-flag:{flag.pk}",
        url=reverse("supervision:case-contact-requirements", kwargs={"crn": flag.case.crn}),
    )


def _line_manager_notification(flag: OverdueFlag, manager, *, on: date, what: str, url: str) -> NewNotification:
    case = flag.case
    officer = case.responsible_officer.get_full_name() or case.responsible_officer.username
    return NewNotification(
        recipient=manager,
        event_key=f"overdue-flag-open:{flag.pk}",
        subject=f"{what} still overdue on a case in your team",
        body=f"{case.full_name} ({case.crn}), responsible officer {officer}: flagged "
        f"{(on - flag.opened_on).days} days ago and still open. {flag.explanation}",
        url=url,
        case_id=case.pk,
    )


def _notify(*, on: date, now, case_ids: list[int] | None = None) -> tuple[int, int]:
    """Tell officers about new flags and line managers about flags left open too long. One notification per
    flag and recipient, however many runs see it."""
    flags = list(
        _open_flags(case_ids)
        .filter(
            Q(officer_notified_at__isnull=True)
            | Q(line_manager_notified_at__isnull=True, opened_on__lt=on)  # the days are checked per rule below
        )
        .select_related("case__responsible_officer__profile__line_manager__profile", "rule", "case_requirement")
    )
    if not flags:
        return 0, 0
    to_officers, to_managers = [], []
    router = Router(on=on)
    for flag in flags:
        url = reverse("supervision:case-contact-requirements", kwargs={"crn": flag.case.crn})
        what = (flag.rule or flag.case_requirement).contact_description
        if flag.officer_notified_at is None:
            to_officers.append((flag, _officer_notification(flag, what=what, url=url)))
        manager = _line_manager_to_tell(flag, on=on, router=router)
        if manager is not None:
            to_managers.append((flag, _line_manager_notification(flag, manager, on=on, what=what, url=url)))
    notify_many([n for _, n in to_officers + to_managers])
    # Marked even when notify_many skipped one (no access): the decision is made once per flag.
    if to_officers:
        OverdueFlag.objects.filter(pk__in=[f.pk for f, _ in to_officers], officer_notified_at__isnull=True).update(
            officer_notified_at=now
        )
    if to_managers:
        OverdueFlag.objects.filter(pk__in=[f.pk for f, _ in to_managers], line_manager_notified_at__isnull=True).update(
            line_manager_notified_at=now
        )
    return len(to_officers), len(to_managers)
