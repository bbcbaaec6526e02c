"""Who may decide enforcement and take a recall through its signatures (supervision/services/enforcement.py,
recalls.py): the case's own people decide; the officer's line manager endorses a recall, the region's Head of Public
Protection countersigns it, and nobody signs their own recommendation or countersigns what they endorsed.
Administrators, auditors and MAPPA co-ordinators hold no case role, so none of these answers yes."""

from supervision import roles
from supervision.permissions import (
    heads_region_of,
    is_visible,
    manages,
    may_work_on_case,
    works_on_case,
)
from supervision.permissions.intake import _leads_a_team_or_region


def may_record_enforcement_decision(user, case) -> bool:
    """An enforcement decision is the case's own work: its responsible officer, their line manager (or that
    manager's cover) and the region's Head of Public Protection. Administrators, auditors and MAPPA co-ordinators
    read no case records and decide nothing on them; another officer in the team reads the decisions only. For a
    case already fetched through `cases_visible_to`."""
    return works_on_case(user, case)


def may_endorse_recall(user, recall) -> bool:
    """Whoever manages the case's officer (or the recommender): their line manager or that manager's cover."""
    case = recall.case
    if user.pk == recall.recommended_by_id:
        return False
    manages_it = manages(user, case.responsible_officer_id) or manages(user, recall.recommended_by_id)
    return manages_it and is_visible(user, case)


def may_countersign_recall(user, recall) -> bool:
    """The Head of Public Protection of the case's region, a third person."""
    if user.pk in (recall.recommended_by_id, recall.endorsed_by_id):
        return False
    return heads_region_of(user, recall.case) and is_visible(user, recall.case)


def may_withdraw_recall(user, recall) -> bool:
    """The recommender, or whoever manages them, while it still waits for signatures."""
    mine = user.pk == recall.recommended_by_id and roles.has_role(user, *roles.CASE_ROLES)
    return (mine or manages(user, recall.recommended_by_id)) and is_visible(user, recall.case)


def may_confirm_recall(user, recall) -> bool:
    """Recording that the person is back in custody is the case's own work (officer, manager, Head)."""
    return may_work_on_case(user, recall.case)


def may_see_recall_queue(user) -> bool:
    return _leads_a_team_or_region(user)
