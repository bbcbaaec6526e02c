"""What of mappa's work moves when a case is transferred (supervision.services.allocation, registered from
MappaConfig.ready()): the outgoing officer's open MAPPA actions go to the receiving officer, and an open
escalation held by someone who can no longer see the case (the old team's line manager, after a move between
teams) is re-routed to whoever the routing chain now finds for the case at that level, who is told."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from mappa.models import Escalation, MappaAction
from mappa.services.escalations import _tell
from supervision.permissions import cases_visible_to
from supervision.services.routing import HEAD_OF_PUBLIC_PROTECTION, LINE_MANAGER, find_recipient


def move_mappa_work(move) -> None:
    case = move.case
    if move.to_officer is not None:
        stale_owners = [move.from_officer.pk] if move.from_officer is not None else []
        owners = set(
            MappaAction.objects.filter(meeting__case=case, done_on__isnull=True, owner_user__isnull=False).values_list(
                "owner_user_id", flat=True
            )
        )
        stale_owners += [owner.pk for owner in get_user_model().objects.filter(pk__in=owners) if not _sees(owner, case)]
        for action in MappaAction.objects.filter(
            meeting__case=case, done_on__isnull=True, owner_user_id__in=stale_owners
        ).exclude(owner_user=move.to_officer):
            action.owner_user = move.to_officer
            action._history_user = move.by
            action.save(update_fields=["owner_user", "updated_at"])
    on = timezone.localdate(move.at)
    for escalation in Escalation.objects.unresolved().filter(referral__case=case).select_related("assigned_to"):
        if _sees(escalation.assigned_to, case):
            continue
        starting_at = LINE_MANAGER if escalation.level == Escalation.Level.LINE_MANAGER else HEAD_OF_PUBLIC_PROTECTION
        holder, _ = find_recipient(case, on=on, starting_at=starting_at)
        if holder is None:
            continue  # left with its holder; the unrouted-work page and the step-up sweep catch it
        escalation.assigned_to = holder
        escalation._history_user = move.by
        escalation.save(update_fields=["assigned_to", "updated_at"])
        _tell(
            holder,
            f"escalation-transfer:{escalation.pk}:{move.at.isoformat()}",
            subject="A MAPPA escalation has moved to you with a transferred case",
            body=f"The case {case.crn} was transferred to {case.team.name}; its open escalation is now yours.",
            escalation=escalation,
        )


def _sees(user, case) -> bool:
    return user.is_active and cases_visible_to(user).filter(pk=case.pk).exists()
