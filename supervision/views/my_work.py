""" "My work": an officer's landing page, one list of what needs doing across their caseload (supervision.work).

A line manager sees their team's work grouped by officer, with a count for each; a Head of Public Protection
picks a team in their region. Only cases the user may see (`cases_visible_to`) are read, and a team or officer
outside the user's reach is a 404: an officer has no way to open a colleague's list.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from supervision import permissions, roles
from supervision.forms.my_work import WorkFilterForm
from supervision.models import Team
from supervision.views.base import refuse_without_case_role
from supervision.work import group_by_officer, work_for, work_kinds


def _teams_for(user) -> list[Team]:
    """The teams whose work the user may look at: a line manager's own; a Head of Public Protection's region's."""
    profile = getattr(user, "profile", None)
    if profile is None:
        return []
    if roles.has_role(user, roles.HEAD_OF_PUBLIC_PROTECTION) and profile.effective_region_id:
        return list(Team.objects.filter(pdu__region_id=profile.effective_region_id).select_related("pdu"))
    if roles.has_role(user, roles.LINE_MANAGER) and profile.team_id:
        return list(Team.objects.filter(pk=profile.team_id).select_related("pdu"))
    return []


def _int_param(request, name):
    value = request.GET.get(name, "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return int(value)


def _scope(request, user):
    """(team, officers, teams to choose from, chosen officer id). Raises 404 for a team or officer out of reach."""
    if not permissions.may_manage_team(user):
        officer_id = _int_param(request, "officer")
        if officer_id not in (None, user.pk):
            raise Http404
        return None, [], [], user.pk
    teams = _teams_for(user)
    team_id = _int_param(request, "team")
    if team_id is None and roles.has_role(user, roles.LINE_MANAGER):
        team_id = getattr(user.profile, "team_id", None)
    team = next((t for t in teams if t.pk == team_id), None)
    if team_id is not None and team is None:
        raise Http404
    officers = list(permissions.officers_visible_to(user).filter(profile__team=team)) if team else []
    officer_id = _int_param(request, "officer")
    if officer_id is not None and officer_id not in {o.pk for o in officers}:
        raise Http404
    choosable = teams if roles.has_role(user, roles.HEAD_OF_PUBLIC_PROTECTION) else []
    return team, officers, choosable, officer_id


def my_work(request):
    user = request.user
    if not permissions.may_use_case_pages(user):
        return refuse_without_case_role(request)
    team, officers, teams, officer_id = _scope(request, user)
    is_team_view = permissions.may_manage_team(user)
    form = WorkFilterForm(request.GET or None, kinds=work_kinds(), officers=officers, teams=teams)
    data = form.cleaned_data if form.is_valid() else {}
    groups, items = [], []
    if not is_team_view or team is not None:
        cases = permissions.cases_visible_to(user).active()
        cases = cases.filter(team=team) if is_team_view else cases.filter(responsible_officer=user)
        if officer_id is not None:
            cases = cases.filter(responsible_officer_id=officer_id)
        if data.get("crn"):
            cases = cases.filter(crn=data["crn"])
        cases = cases.select_related("responsible_officer").order_by("last_name", "first_name", "crn")
        items = work_for(cases, now=timezone.now(), kinds=[data["kind"]] if data.get("kind") else None)
        if is_team_view:
            chosen = [o for o in officers if o.pk == officer_id] if officer_id is not None else officers
            groups = group_by_officer(items, chosen)
    return render(
        request,
        "supervision/my_work/list.html",
        {
            "form": form,
            "items": items,
            "groups": groups,
            "team": team,
            "is_team_view": is_team_view,
            "needs_team": is_team_view and team is None,
            "today": timezone.localdate(),
            "is_filtered": bool(data.get("kind") or data.get("crn") or officer_id and is_team_view),
        },
    )
