"""Setting and lifting limited access on a case: the region's Head of Public Protection only, with a reason."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from caseworks.errors import RuleBroken
from supervision.models import CaseAccessLimit
from supervision.permissions import may_limit_access

Kind = CaseAccessLimit.Kind
LIMIT_NEEDS_STAFF = "Select at least one member of staff"
CANNOT_EXCLUDE_YOURSELF = "You cannot exclude yourself from a case whose access you manage"


@transaction.atomic
def set_access_limit(case, *, kind: str, staff, message: str, reason: str, by) -> CaseAccessLimit:
    """Create or replace the case's restriction or exclusion (one of each at most)."""
    if not may_limit_access(by, case):
        raise PermissionDenied
    staff = list(staff)
    if not staff:
        raise RuleBroken(LIMIT_NEEDS_STAFF, field="staff")
    if kind == Kind.EXCLUSION and any(member.pk == by.pk for member in staff):
        raise RuleBroken(CANNOT_EXCLUDE_YOURSELF, field="staff")
    limit, _ = CaseAccessLimit.objects.select_for_update().update_or_create(
        case=case, kind=kind, defaults={"message": message, "reason": reason, "set_by": by}
    )
    limit.staff.set(staff)
    return limit


@transaction.atomic
def remove_access_limit(case, *, kind: str, by) -> None:
    if not may_limit_access(by, case):
        raise PermissionDenied
    CaseAccessLimit.objects.filter(case=case, kind=kind).delete()
