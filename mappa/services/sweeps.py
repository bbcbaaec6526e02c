"""The MAPPA sweeps, set-based: each is one pass over all its work (rejected referrals to escalate, overdue
line-manager escalations to step up, late referral responses to chase, overdue MAPPA actions to flag) in a
constant number of statements, whatever its size (notify_many adds one access check per recipient).

Each sweep is one transaction:

1. the work list is read and locked in one statement (SELECT ... FOR UPDATE), so a second sweep, a retried task
   or the after-commit trigger for one referral (escalations.escalate_rejected_referral, which locks the same
   row) waits, then finds the work done;
2. what a concurrent run finished while this one waited is read again in one statement and left out;
3. who to tell is worked out per officer and team, not per referral (supervision.services.routing.Router);
4. the new rows are written in bulk, each with its history row (simple-history's bulk helpers), the referral's
   history rows in one INSERT, and the notifications through notify_many (one access check per recipient).

The unique constraint on (referral, level) stays the backstop for anything the locks do not cover. The chaser
and the overdue-action flags need no lock: each is one notification per event key, and the unique constraint
on (recipient, event key) makes a repeat or a concurrent run create nothing (notify_many returns only the rows
it inserted, so the chase's history row is written once, for those).
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from mappa.models import Escalation, MappaAction, Referral, ReferralEvent
from mappa.models.workflow import ESCALATION_TRANSITIONS
from supervision.models import Notification, StaffProfile, UnroutedItem
from supervision.services.notifications import NewNotification, notify_many
from supervision.services.routing import HEAD_OF_PUBLIC_PROTECTION, Router

Level = Escalation.Level
Action = ReferralEvent.Action


def _event(referral, *, action, reason, at) -> ReferralEvent:
    """As workflow.record_event writes it, unsaved: a history row that leaves the referral's status as it is."""
    return ReferralEvent(
        referral=referral,
        from_status=referral.status,
        to_status=referral.status,
        action=action,
        actor=None,
        reason=reason,
        happened_at=at,
    )


@transaction.atomic
def escalate_all_rejected_referrals(*, on: date, due_on: date, queue_url) -> int:
    """Every rejected MAPPA referral not yet in a line manager's queue goes to one. Returns how many were added."""
    now = timezone.now()
    referrals = list(
        Referral.objects.rejected_without_escalation()
        .select_for_update(of=("self",))
        .select_related("case__responsible_officer", "agency")
        .order_by("pk")
    )
    if not referrals:
        return 0
    done = set(
        Escalation.objects.filter(referral__in=referrals, level=Level.LINE_MANAGER).values_list(
            "referral_id", flat=True
        )
    )
    router = Router(on=on)
    routed = []
    for referral in referrals:
        if referral.pk in done:
            continue
        manager = router.route(
            referral.case,
            kind=UnroutedItem.Kind.REJECTED_REFERRAL,
            object_key=f"referral:{referral.pk}",
            url=reverse("mappa:referral-detail", kwargs={"pk": referral.pk}),
        )
        if manager is not None:  # otherwise recorded as unrouted; the next sweep tries again
            routed.append((referral, manager))
    if not routed:
        return 0
    escalations = bulk_create_with_history(
        [Escalation(referral=r, level=Level.LINE_MANAGER, assigned_to=m, due_on=due_on) for r, m in routed],
        Escalation,
    )
    ReferralEvent.objects.bulk_create(
        [
            _event(
                referral,
                action=Action.ESCALATED_TO_LINE_MANAGER,
                reason=f"In {manager.get_full_name() or manager.username}'s queue, due by {due_on:%-d %B %Y}.",
                at=now,
            )
            for referral, manager in routed
        ]
    )
    notify_many(
        NewNotification(
            recipient=manager,
            event_key=f"escalation:{escalation.pk}",
            subject="A rejected MAPPA referral is in your escalation queue",
            body=(
                f"The MAPPA unit rejected the {referral.get_kind_display()} referral for {referral.case}: "
                f"{referral.decision_reason} Decide by {due_on:%-d %B %Y}."
            ),
            url=queue_url(escalation),
            case_id=referral.case_id,
        )
        for (referral, manager), escalation in zip(routed, escalations, strict=True)
    )
    return len(routed)


@transaction.atomic
def step_up_all_overdue_escalations(*, on: date, due_on: date, queue_url) -> int:
    """Line manager escalations not settled by their due date go to the Head of Public Protection, and both are
    told. One with nobody to step up to stays overdue (recorded as unrouted) and the next run tries again."""
    now = timezone.now()
    step = ESCALATION_TRANSITIONS[Action.STEPPED_UP]
    overdue = list(
        Escalation.objects.overdue_on(on)
        .filter(level=Level.LINE_MANAGER, status__in=step.from_states)
        .select_for_update(of=("self",))
        .select_related("referral__case__responsible_officer", "referral__agency", "assigned_to")
        .order_by("pk")
    )
    if not overdue:
        return 0
    already_up = set(
        Escalation.objects.filter(previous__in=overdue, level=Level.HEAD_OF_PUBLIC_PROTECTION).values_list(
            "previous_id", flat=True
        )
    )
    router = Router(on=on)
    stepping = []
    for escalation in overdue:
        if escalation.pk in already_up:
            continue
        head = router.route(
            escalation.referral.case,
            kind=UnroutedItem.Kind.ESCALATION_STEP_UP,
            object_key=f"escalation:{escalation.pk}",
            url=queue_url(escalation),
            starting_at=HEAD_OF_PUBLIC_PROTECTION,
        )
        if head is not None:
            stepping.append((escalation, head, f"Not acted on by its due date, {escalation.due_on:%-d %B %Y}."))
    if not stepping:
        return 0
    for escalation, _, rationale in stepping:
        escalation.status, escalation.resolution, escalation.rationale = step.to, step.resolution, rationale
        escalation.resolved_by, escalation.resolved_at, escalation.updated_at = None, now, now
    bulk_update_with_history(
        [e for e, _, _ in stepping],
        Escalation,
        ["status", "resolution", "rationale", "resolved_by", "resolved_at", "updated_at"],
    )
    uppers = bulk_create_with_history(
        [
            Escalation(
                referral=e.referral, level=Level.HEAD_OF_PUBLIC_PROTECTION, assigned_to=head, due_on=due_on, previous=e
            )
            for e, head, _ in stepping
        ],
        Escalation,
    )
    ReferralEvent.objects.bulk_create(
        [_event(e.referral, action=Action.STEPPED_UP, reason=rationale, at=now) for e, _, rationale in stepping]
    )
    subject = "An overdue MAPPA escalation has moved to the Head of Public Protection"
    told = []
    for (escalation, head, rationale), upper in zip(stepping, uppers, strict=True):
        referral = escalation.referral
        body = (
            f"The rejected {referral.get_kind_display()} referral for {referral.case}: {rationale} "
            f"Decide by {due_on:%-d %B %Y}."
        )
        told.append(NewNotification(head, f"escalation:{upper.pk}", subject, body, queue_url(upper), referral.case_id))
        told.append(
            NewNotification(
                escalation.assigned_to,
                f"escalation-stepped-up:{escalation.pk}",
                subject,
                body,
                queue_url(escalation),
                referral.case_id,
            )
        )
    notify_many(told)
    return len(stepping)


@transaction.atomic
def chase_all_late_referrals(*, on: date) -> int:
    """Tell each officer about referrals whose response is late: once per referral per due date."""
    late = list(Referral.objects.late_on(on).select_related("case__responsible_officer", "agency").order_by("pk"))
    keys = {f"referral-late:{r.pk}:{r.response_due_on.isoformat()}": r for r in late}
    created = notify_many(
        NewNotification(
            referral.case.responsible_officer,
            key,
            "An agency's response to your referral is late",
            f"{referral.agency} has not responded to the {referral.get_kind_display()} referral for "
            f"{referral.case}; the response was due on {referral.response_due_on:%-d %B %Y}. Chase it.",
            reverse("mappa:referral-detail", kwargs={"pk": referral.pk}),
            referral.case_id,
        )
        for key, referral in keys.items()
    )
    chased = [keys[key] for key in Notification.objects.filter(pk__in=created).values_list("event_key", flat=True)]
    now = timezone.now()
    ReferralEvent.objects.bulk_create(
        [
            _event(
                referral,
                action=Action.CHASED,
                reason=f"Response due {referral.response_due_on:%-d %B %Y}; officer reminded to chase.",
                at=now,
            )
            for referral in chased
        ]
    )
    return len(chased)


def flag_all_overdue_mappa_actions(*, on: date) -> int:
    """Each overdue MAPPA action to its owner (when a member of staff) and the owner's line manager (the
    responsible officer's manager when another agency owns it): once per action per due date."""
    overdue = list(
        MappaAction.objects.overdue_on(on)
        .select_related("meeting__case__responsible_officer", "owner_user", "owner_agency")
        .order_by("pk")
    )
    if not overdue:
        return 0
    managers = dict(StaffProfile.objects.filter(line_manager__isnull=False).values_list("user_id", "line_manager_id"))
    wanted = {managers.get(a.owner_user_id or a.meeting.case.responsible_officer_id) for a in overdue}
    wanted |= {a.owner_user_id for a in overdue}
    users = get_user_model().objects.in_bulk([pk for pk in wanted if pk])
    told = []
    for action in overdue:
        case = action.meeting.case
        manager_id = managers.get(action.owner_user_id or case.responsible_officer_id)
        body = (
            f"“{action.description}” (owner: {action.owner_display}) from the MAPPA meeting about {case} "
            f"was due on {action.due_on:%-d %B %Y}."
        )
        for recipient_id in dict.fromkeys(pk for pk in (manager_id, action.owner_user_id) if pk in users):
            told.append(
                NewNotification(
                    users[recipient_id],
                    f"mappa-action-overdue:{action.pk}:{action.due_on.isoformat()}",
                    "A MAPPA action is overdue",
                    body,
                    reverse("mappa:meeting-detail", kwargs={"pk": action.meeting_id}),
                    case.pk,
                )
            )
    return len(notify_many(told))
