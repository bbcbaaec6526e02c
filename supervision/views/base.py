"""What every case page does first: refuse users without a case role, fetch the case through
`cases_visible_to` (outside scope is a 404), and build the identity bar and sub-navigation."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from caseworks.errors import RuleBroken
from caseworks.forms import SubmittedOnceForm, show_rule_error, show_stale_edit
from caseworks.submissions import StaleEdit
from supervision import permissions
from supervision.case_record.tabs import tabs_for
from supervision.models import Case
from supervision.services import audit
from supervision.services.submissions import Saved, Submission, save_once


def refuse_without_case_role(request):
    return render(request, "supervision/no_role.html", status=403)


def refuse_limited_access(request, crn, refusal):
    """A limited-access case the user may not see: the limit's message and the CRN they typed, nothing more."""
    context = {"crn": crn.upper()[:7], "message": refusal.message}
    return render(request, "supervision/case/access_limited.html", context, status=403)


def case_page(view):
    """Decorator: the view receives the case (fetched through permissions) instead of its CRN."""

    @wraps(view)
    def wrapper(request, crn, *args, **kwargs):
        audit.mark_attempt(request, crn=crn)
        if not permissions.may_use_case_pages(request.user):
            return refuse_without_case_role(request)
        try:
            case = permissions.case_for(request.user, crn)
        except Case.DoesNotExist:
            raise Http404 from None
        except permissions.AccessLimited as refusal:
            return refuse_limited_access(request, crn, refusal)
        audit.mark(request, case)
        return view(request, case, *args, **kwargs)

    return wrapper


def case_work_page(view):
    """Decorator for a page that changes the case's own record: `case_page`, then only the responsible officer,
    their line manager (or cover) and the region's Head of Public Protection; another officer in the team who
    may read the case is refused (403) before anything is drawn or saved."""

    @wraps(view)
    def checked(request, case, *args, **kwargs):
        if not permissions.works_on_case(request.user, case):
            raise PermissionDenied
        return view(request, case, *args, **kwargs)

    return case_page(checked)


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
    success: str | Callable[[object], str],
    back_url: str,
    next_url: str | None = None,
    caption: str = "",
    intro: str = "",
    template: str = "supervision/case/form.html",
    extra: dict | None = None,
):
    """Validate, call the service once per submission, redirect; on bad input show the error summary and save
    nothing; on a stale edit show what changed, keeping what was typed. `success` is the message shown after, or a
    function of the saved record that words it (how many sessions an ended enrolment cancelled)."""
    changes = []
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_submitted(request, form, save)
        except StaleEdit as error:
            changes = show_stale_edit(form, error)
        except RuleBroken as error:
            show_rule_error(form, error)
        else:
            messages.success(request, success(saved.record) if callable(success) else success)
            return redirect(next_url or back_url)
    context = case_context(
        case,
        form=form,
        title=title,
        caption=caption or case.full_name,
        intro=intro,
        back_url=back_url,
        changes=changes,
        **(extra or {}),
    )
    return render(request, template, context)


def save_submitted(request, form, save) -> Saved:
    """`save(form)` once per submission of a form carrying a token (every create and edit form): a repeat of
    the same content answers with the first post's record, as if it had just been saved (so the page
    redirects as it did the first time); different content with a used token is refused (`SubmissionReused`)."""
    if not isinstance(form, SubmittedOnceForm):
        return Saved(record=save(form), is_repeat=False)
    submission = Submission(
        token=form.cleaned_data["submission_token"], fingerprint=form.submitted_fingerprint(), by=request.user
    )
    saved = save_once(submission, lambda: save(form))
    if saved.is_repeat:
        audit.mark_unchanged(request)
    return saved
