"""The "keeping people safe" case review: the evidence for a window of dates with a judgement per prompt, the
case's saved reviews, two reviews side by side, and a manager's team view (each case's latest review).

Anyone who may open the case reads its saved reviews; only the officer's line manager (or cover) or the region's
Head of Public Protection gathers the evidence and saves a review, never the case's own officer.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from caseworks.errors import RuleBroken
from caseworks.forms import show_rule_error
from supervision import permissions
from supervision.case_review.evidence import evidence_from_json
from supervision.forms.oversight import CaseReviewForm, ReviewWindowForm
from supervision.models.case_reviews import Prompt
from supervision.services import case_reviews as services
from supervision.views.base import case_context, case_page, refuse_without_case_role, save_submitted


def _window_form(request, today):
    """The window from the query string, or the last six months when none was asked for."""
    if "window_from_0" in request.GET:
        return ReviewWindowForm(request.GET)
    window_from, window_to = services.default_window(today)
    data = {}
    for name, day in (("window_from", window_from), ("window_to", window_to)):
        data.update({f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year})
    return ReviewWindowForm(data)


def _prompts(evidence, form=None, judgements=None):
    """The page's sections: each prompt with its figures, and its form fields or saved judgement."""
    return [
        {
            "prompt": prompt,
            "figures": evidence.get(prompt.value, []),
            "helper": form.prompt_fields(prompt.value) if form is not None else None,
            "judgement": (judgements or {}).get(prompt.value),
        }
        for prompt in Prompt
    ]


@case_page
def case_review_new(request, case):
    """Gather the evidence for the window and judge each prompt. The evidence is gathered in a fixed number of
    queries; saving gathers it again in the same transaction as the review, and keeps it."""
    if not permissions.may_record_oversight(request.user, case):
        raise PermissionDenied
    today = timezone.localdate()
    form = CaseReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        window_form = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = save_submitted(
                    request,
                    form,
                    lambda form: services.record_case_review(
                        case,
                        by=request.user,
                        window_from=data["window_from"],
                        window_to=data["window_to"],
                        judgements=form.judgements(),
                        summary=data["summary"],
                    ),
                )
            except RuleBroken as error:
                show_rule_error(form, error)
            else:
                messages.success(request, "Case review saved")
                return redirect(saved.record.get_absolute_url())
        window_from, window_to = form.cleaned_data.get("window_from"), form.cleaned_data.get("window_to")
        try:
            services.check_window(window_from, window_to, today=today)
        except (TypeError, RuleBroken):
            raise Http404 from None  # the hidden window was tampered with: there is no evidence to show
    else:
        window_form = _window_form(request, today)
        if not window_form.is_valid():
            return render(
                request,
                "supervision/case_reviews/new.html",
                case_context(case, tab="oversight", window_form=window_form, title="Review: keeping people safe"),
            )
        window_from, window_to = window_form.cleaned_data["window_from"], window_form.cleaned_data["window_to"]
        form.initial.update(window_from=window_from, window_to=window_to)
    evidence = services.evidence_for(case, window_from=window_from, window_to=window_to, today=today)
    return render(
        request,
        "supervision/case_reviews/new.html",
        case_context(
            case,
            tab="oversight",
            window_form=window_form or _window_form(request, today),
            form=form,
            window_from=window_from,
            window_to=window_to,
            prompts=_prompts(evidence, form),
            title="Review: keeping people safe",
        ),
    )


@case_page
def case_reviews(request, case):
    reviews = list(case.case_reviews.select_related("reviewed_by").prefetch_related("judgements"))
    for review in reviews:
        review.not_sufficient = sum(1 for j in review.judgements.all() if not j.is_sufficient)
    return render(
        request,
        "supervision/case_reviews/list.html",
        case_context(
            case, tab="oversight", reviews=reviews, may_review=permissions.may_record_oversight(request.user, case)
        ),
    )


def _review_of(case, pk):
    review = get_object_or_404(case.case_reviews.select_related("reviewed_by").prefetch_related("judgements"), pk=pk)
    review.judged = {j.prompt: j for j in review.judgements.all()}
    review.gathered = evidence_from_json(review.evidence)
    return review


@case_page
def case_review_detail(request, case, pk):
    review = _review_of(case, pk)
    return render(
        request,
        "supervision/case_reviews/detail.html",
        case_context(case, tab="oversight", review=review, prompts=_prompts(review.gathered, judgements=review.judged)),
    )


def _pk(value):
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 10 else None


@case_page
def case_review_compare(request, case):
    """Two reviews side by side, prompt by prompt: each judgement and the evidence it was made on. Without a
    choice, the latest two."""
    if "first" in request.GET or "second" in request.GET:
        first, second = _pk(request.GET.get("first")), _pk(request.GET.get("second"))
        if first is None or second is None:
            raise Http404
    else:
        latest = list(case.case_reviews.values_list("pk", flat=True)[:2])
        if len(latest) < 2:
            return render(request, "supervision/case_reviews/compare.html", case_context(case, tab="oversight"))
        second, first = latest
    earlier, later = sorted([_review_of(case, first), _review_of(case, second)], key=lambda r: (r.reviewed_at, r.pk))
    rows = []
    for prompt in Prompt:
        labels = [f.label for f in earlier.gathered[prompt.value]]
        labels += [f.label for f in later.gathered[prompt.value] if f.label not in labels]
        before = {f.label: f for f in earlier.gathered[prompt.value]}
        after = {f.label: f for f in later.gathered[prompt.value]}
        rows.append(
            {
                "prompt": prompt,
                "judgements": (earlier.judged.get(prompt.value), later.judged.get(prompt.value)),
                "figures": [(label, before.get(label), after.get(label)) for label in labels],
            }
        )
    return render(
        request,
        "supervision/case_reviews/compare.html",
        case_context(case, tab="oversight", earlier=earlier, later=later, rows=rows),
    )


TEAM_PAGE_SIZE = 50


def team_case_reviews(request):
    """A manager's team (a Head of Public Protection's region): totals per prompt over every case, then a page of
    cases with their latest review and its "not sufficient" judgements. A fixed number of queries whatever the
    number of cases: a region has tens of thousands, so only the page is loaded."""
    if not permissions.may_use_case_pages(request.user):
        return refuse_without_case_role(request)
    if not permissions.may_manage_team(request.user):
        raise PermissionDenied
    team_cases = permissions.team_review_cases(request.user)
    total, reviewed, totals = services.team_review_totals(team_cases)
    page = Paginator(services.with_latest_review_ids(team_cases), TEAM_PAGE_SIZE).get_page(request.GET.get("page"))
    cases = services.attach_latest_reviews(page.object_list)
    prompts = list(Prompt)
    for case in cases:
        review = case.latest_review
        case.insufficient = [p for p in prompts if review and getattr(review, f"not_{p.value}")]
    return render(
        request,
        "supervision/case_reviews/team.html",
        {"cases": cases, "page": page, "total": total, "totals": list(totals.items()), "reviewed": reviewed},
    )
