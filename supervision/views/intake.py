"""Open a case: line managers (for teams in their PDU) and Heads of Public Protection (their region)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from caseworks.errors import RuleBroken
from caseworks.forms import show_rule_error
from supervision import permissions
from supervision.forms.intake import OpenCaseForm
from supervision.services import intake as services
from supervision.views.base import save_submitted

OPENING_FIELDS = list(services.CaseOpening.__dataclass_fields__)


def case_open(request):
    if not permissions.may_open_cases(request.user):
        raise PermissionDenied
    form = OpenCaseForm(request.POST or None, teams=permissions.teams_for_intake(request.user))
    if request.method == "POST" and form.is_valid():
        opening = services.CaseOpening(**{name: form.cleaned_data[name] for name in OPENING_FIELDS})
        try:
            saved = save_submitted(request, form, lambda form: services.open_case(opening, by=request.user))
        except services.PossibleDuplicateFound as found:
            form.ask_if_different_person(found.matches)
            show_rule_error(form, found)
        except RuleBroken as error:
            show_rule_error(form, error)
        else:
            case = saved.record
            messages.success(request, f"Case opened: {case.crn}. It is waiting in {case.team.name}'s allocation queue")
            if permissions.is_visible(request.user, case):
                return redirect(case.get_absolute_url())
            return redirect(reverse("supervision:allocation-queue"))
    return render(request, "supervision/intake/open_case.html", {"form": form})
