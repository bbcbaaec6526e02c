"""Telling people about overdue-contact flags: the responsible officer once per flag, and line managers (or whoever
the routing names) in one digest a day about flags left open too long and chronic shortfalls.

Split from overdue_contacts.py, which decides which flags open and close; `notify` runs after it, in the same
transaction, and decides each message once however many runs see the flag.
"""

import copy
import functools
from datetime import date
from urllib.parse import quote

from django.conf import settings
from django.db.models import Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

from supervision.models import Notification, OverdueFlag
from supervision.models.routing import UnroutedItem
from supervision.permissions import visible_pairs
from supervision.services.notifications import NewNotification, notify_many
from supervision.services.overdue_shortfalls import chronic_shortfalls
from supervision.services.routing import Router

PLACEHOLDER = "crn-placeholder"


def requirements_url(crn: str) -> str:
    """The case's contact requirements page, as `reverse()` gives it: reversed once with a placeholder and the
    CRN put in its place, quoted as `reverse()` quotes it. A sweep links thousands of flags to their cases, and
    reversing each took longer than the rest of its notification."""
    pattern = _requirements_pattern(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return pattern.replace(PLACEHOLDER, quote(crn, safe=RFC3986_SUBDELIMS + "/~:@"))


@functools.lru_cache(maxsize=8)
def _requirements_pattern(script_prefix: str, urlconf: str) -> str:
    """Kept per script prefix and URLconf, the two things besides the CRN that reverse() reads."""
    return reverse("supervision:case-contact-requirements", kwargs={"crn": PLACEHOLDER}, urlconf=urlconf)


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
        url=requirements_url(flag.case.crn),
    )


def _manager_for_chronic_shortfall(flag: OverdueFlag, *, on: date, router: Router):
    """Who hears of a chronic shortfall: whoever `_line_manager_to_tell` routes this flag to, asked as if it had
    been open long enough and nobody had been told, so both kinds of escalation follow the one routing. The
    chronic-shortfall setting decides whether to tell them, not the days a single flag may stay open."""
    requirement = copy.copy(flag.rule or flag.case_requirement)
    requirement.notify_line_manager_after_days = 0
    probe = copy.copy(flag)
    probe.rule, probe.case_requirement = (requirement, None) if flag.rule_id else (None, requirement)
    probe.opened_on = on
    probe.line_manager_notified_at = None
    return _line_manager_to_tell(probe, on=on, router=router)


def _digest_line(flag: OverdueFlag, *, on: date, chronic=None) -> str:
    case = flag.case
    officer = case.officer_name
    what = (flag.rule or flag.case_requirement).contact_description
    if chronic is not None:
        why = f"overdue in {chronic.overdue_periods} of the last {chronic.within_periods} periods"
    else:
        why = f"overdue since {flag.due_on:%-d %B %Y}, flagged {(on - flag.opened_on).days} days ago and still open"
    return f"- {case.crn} ({officer}): {what} {why}."


def _digests(items: dict, *, on: date) -> list[NewNotification]:
    """One notification per manager: every flag and shortfall they hear of today, by CRN."""
    url = reverse("supervision:caseload")
    return [
        NewNotification(
            recipient=manager,
            event_key=f"overdue-digest:{on.isoformat()}",
            subject="Contact overdue on cases in your team: daily summary",
            body=f"On {on:%-d %B %Y}:\n" + "\n".join(line for _, line, _ in lines),
            url=url,
        )
        for manager, lines in items.values()
    ]


def notify(*, on: date, now, scope=None, tell_officers=True, tell_managers=True) -> tuple[int, int]:
    """Tell officers about new flags (one notification per flag) and line managers, in one digest a day, about
    flags left open too long and chronic shortfalls. Each is decided once, however many runs see it."""
    shortfalls = {s.flag_id: s for s in chronic_shortfalls(on=on)} if tell_managers else {}
    flags = list(
        (OverdueFlag.objects.all() if scope is None else OverdueFlag.objects.filter(scope("case_id")))
        .filter(
            Q(resolved_at__isnull=True)
            & (
                Q(officer_notified_at__isnull=True)
                | Q(line_manager_notified_at__isnull=True, opened_on__lt=on)  # the days are checked per rule below
            )
            | Q(pk__in=list(shortfalls))
        )
        .select_related("case__responsible_officer__profile__line_manager__profile", "rule", "case_requirement")
    )
    if not flags:
        return 0, 0
    to_officers, digest_items = [], {}
    router = Router(on=on)
    for flag in flags:
        url = requirements_url(flag.case.crn)
        what = (flag.rule or flag.case_requirement).contact_description
        if tell_officers and flag.resolved_at is None and flag.officer_notified_at is None:
            to_officers.append((flag, _officer_notification(flag, what=what, url=url)))
        if not tell_managers:
            continue
        for kind, manager, chronic in _manager_items(flag, shortfalls.get(flag.pk), on=on, router=router):
            digest_items.setdefault(manager.pk, (manager, []))[1].append(
                (flag, _digest_line(flag, on=on, chronic=chronic), kind)
            )
    _drop_cases_out_of_reach(digest_items)
    created = notify_many([n for _, n in to_officers] + _digests(digest_items, on=on))
    return len(to_officers), _mark_notified(to_officers, digest_items, created, now=now)


def _drop_cases_out_of_reach(digest_items: dict) -> None:
    """A digest is about several cases, so notify_many cannot check access for it: leave out each case the
    manager may not see (a limited-access case names no one to them). One set-based check for every manager."""
    visible = visible_pairs((manager, flag.case_id) for manager, items in digest_items.values() for flag, _, _ in items)
    for manager, items in digest_items.values():
        items[:] = [item for item in items if (manager.pk, item[0].case_id) in visible]
    for manager_pk in [pk for pk, (_, items) in digest_items.items() if not items]:
        del digest_items[manager_pk]


def _manager_items(flag: OverdueFlag, shortfall, *, on: date, router: Router):
    if flag.resolved_at is None:
        manager = _line_manager_to_tell(flag, on=on, router=router)
        if manager is not None:
            yield "open", manager, None
    if shortfall is not None:
        manager = _manager_for_chronic_shortfall(flag, on=on, router=router)
        if manager is not None:
            yield "chronic", manager, shortfall


def _mark_notified(to_officers, digest_items: dict, created: list[int], *, now) -> int:
    """Marked even when notify_many skipped an officer's notification (no access): the decision is made once per
    flag. A manager's items are marked only when today's digest was created; if it already went out (an
    earlier run today), they wait for tomorrow's."""
    if to_officers:
        OverdueFlag.objects.filter(pk__in=[f.pk for f, _ in to_officers], officer_notified_at__isnull=True).update(
            officer_notified_at=now
        )
    if not created:
        return 0
    told = set(
        Notification.objects.filter(pk__in=created, event_key__startswith="overdue-digest:").values_list(
            "recipient_id", flat=True
        )
    )
    lines = [
        (flag, kind) for manager_pk, (_, items) in digest_items.items() if manager_pk in told for flag, _, kind in items
    ]
    open_ids = [flag.pk for flag, kind in lines if kind == "open"]
    chronic_ids = [flag.pk for flag, kind in lines if kind == "chronic"]
    if open_ids:
        OverdueFlag.objects.filter(pk__in=open_ids, line_manager_notified_at__isnull=True).update(
            line_manager_notified_at=now
        )
    if chronic_ids:
        OverdueFlag.objects.filter(pk__in=chronic_ids).update(chronic_shortfall_notified_at=now)
    return len(told)
