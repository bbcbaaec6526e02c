"""What every case page does first: refuse users without a case role, fetch the case through
`cases_visible_to` (outside scope is a 404), and build the identity bar and sub-navigation."""

from functools import wraps

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from caseworks.errors import RuleBroken
from caseworks.forms import show_rule_error
from supervision import permissions
from supervision.case_record.tabs import tabs_for
from supervision.permissions import cases_visible_to


def refuse_without_case_role(request):
    return render(request, "supervision/no_role.html", status=403)


def case_page(view):
    """Decorator: the view receives the case (fetched through permissions) instead of its CRN."""

    @wraps(view)
    def wrapper(request, crn, *args, **kwargs):
        if not permissions.may_use_case_pages(request.user):
            return refuse_without_case_role(request)
        case = get_object_or_404(
            cases_visible_to(request.user).select_related("responsible_officer", "team"), crn=crn.upper()
        )
        return view(request, case, *args, **kwargs)

    return wrapper


def case_context(case, *, tab: str | None = None, **extra) -> dict:
    """The identity bar, acute risk banner and sub-navigation: three queries whatever the case holds."""
    today = timezone.localdate()
    flags = list(case.risk_flags.open().select_related("flag_type").order_by("flag_type__name"))
    for flag in flags:
        flag.is_overdue = flag.is_overdue_on(today)
    return {
        "case": case,
        "open_flags": flags,
        "acute_risk_factors": list(case.acute_risk_factors.awaiting_review().select_related("key_individual")),
        "tabs": tabs_for(case, tab) if tab else [],
        "today": today,
        **extra,
    }


def form_page(
    request,
    case,
    form,
    *,
    title: str,
    save,
    success: str,
    back_url: str,
    next_url: str | None = None,
    caption: str = "",
    intro: str = "",
    template: str = "supervision/case/form.html",
    extra: dict | None = None,
):
    """Validate, call the service, redirect; on bad input show the error summary and save nothing."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except RuleBroken as error:
            show_rule_error(form, error)
        else:
            messages.success(request, success)
            return redirect(next_url or back_url)
    context = case_context(
        case, form=form, title=title, caption=caption or case.full_name, intro=intro, back_url=back_url, **(extra or {})
    )
    return render(request, template, context)
