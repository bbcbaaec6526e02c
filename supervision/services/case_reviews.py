"""The "keeping people safe" case review: gathering the evidence for a window and saving a manager's judgements.

The evidence is gathered again when the review is saved, in the same transaction, and kept with it: what the
manager judged is what an inspector (or the next manager) reads back, however the record changes later.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from caseworks.errors import RuleBroken, raise_if_broken
from supervision import permissions
from supervision.case_review import Window, gather_evidence
from supervision.case_review.evidence import evidence_as_json
from supervision.models import CaseReview, CaseReviewJudgement
from supervision.models.case_reviews import Prompt

WINDOW_FROM_AFTER_TO = "The start of the window must be the same as or before its end"
WINDOW_IN_THE_FUTURE = "The start of the window must be today or in the past"
WINDOW_TOO_LONG = "The window can be up to 3 years long"
JUDGEMENT_REQUIRED = "Select whether this was sufficient: {prompt}"
COMMENT_REQUIRED = "Enter why this was not sufficient: {prompt}"
DEFAULT_WINDOW_MONTHS = 6
MAX_WINDOW_DAYS = 3 * 366


@dataclass(frozen=True)
class Judgement:
    is_sufficient: bool | None
    comment: str = ""


def default_window(today: date) -> tuple[date, date]:
    """The last six months: from the same day six months ago (the month's last day if it is shorter) to today."""
    months = today.year * 12 + today.month - 1 - DEFAULT_WINDOW_MONTHS
    year, month = divmod(months, 12)
    day = min(today.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day), today


def check_window(window_from: date, window_to: date, *, today: date) -> None:
    broken = []
    if window_from > window_to:
        broken.append(RuleBroken(WINDOW_FROM_AFTER_TO, field="window_from"))
    elif (window_to - window_from).days > MAX_WINDOW_DAYS:
        broken.append(RuleBroken(WINDOW_TOO_LONG, field="window_from"))
    if window_from > today:
        broken.append(RuleBroken(WINDOW_IN_THE_FUTURE, field="window_from"))
    raise_if_broken(broken)


def evidence_for(case, *, window_from: date, window_to: date, today: date | None = None):
    today = today or timezone.localdate()
    check_window(window_from, window_to, today=today)
    return gather_evidence(case, Window(window_from, window_to, today))


@transaction.atomic
def record_case_review(
    case, *, by, window_from: date, window_to: date, judgements: dict[str, Judgement], summary: str = ""
) -> CaseReview:
    """Save a manager's review of the case against "keeping people safe": a judgement on every prompt
    (sufficient or not; "not sufficient" needs a comment), with the evidence for the window as it stands now.
    The officer's line manager (or cover) or the region's Head of Public Protection only; never the officer."""
    if not permissions.may_record_oversight(by, case):
        raise PermissionDenied
    today = timezone.localdate()
    check_window(window_from, window_to, today=today)
    broken = []
    for prompt in Prompt:
        judgement = judgements.get(prompt.value)
        if judgement is None or judgement.is_sufficient is None:
            broken.append(RuleBroken(JUDGEMENT_REQUIRED.format(prompt=prompt.label), field=f"{prompt.value}_judgement"))
        elif not judgement.is_sufficient and not judgement.comment.strip():
            broken.append(RuleBroken(COMMENT_REQUIRED.format(prompt=prompt.label), field=f"{prompt.value}_comment"))
    raise_if_broken(broken)
    evidence = gather_evidence(case, Window(window_from, window_to, today))
    review = CaseReview.objects.create(
        case=case,
        window_from=window_from,
        window_to=window_to,
        evidence=evidence_as_json(evidence),
        summary=summary.strip(),
        reviewed_by=by,
    )
    CaseReviewJudgement.objects.bulk_create(
        CaseReviewJudgement(
            review=review,
            prompt=prompt.value,
            is_sufficient=judgements[prompt.value].is_sufficient,
            comment=judgements[prompt.value].comment.strip(),
        )
        for prompt in Prompt
    )
    return review


def with_latest_review_ids(cases_qs):
    """The cases, each annotated with its latest review's id (or None), in the team view's order."""
    latest = CaseReview.objects.filter(case=OuterRef("pk")).order_by("-reviewed_at", "-pk").values("pk")[:1]
    return (
        cases_qs.annotate(latest_review_id=Subquery(latest))
        .select_related("responsible_officer")
        .order_by("responsible_officer__last_name", "last_name", "crn")
    )


def attach_latest_reviews(cases) -> list:
    """Cases from `with_latest_review_ids` (a page of them), each given `latest_review` with a count of "not
    sufficient" per prompt: one query over those reviews."""
    cases = list(cases)
    counts = {
        f"not_{prompt.value}": Count(
            "judgements", filter=Q(judgements__prompt=prompt.value, judgements__is_sufficient=False)
        )
        for prompt in Prompt
    }
    reviews = {
        review.pk: review
        for review in CaseReview.objects.filter(pk__in=[c.latest_review_id for c in cases if c.latest_review_id])
        .select_related("reviewed_by")
        .annotate(**counts)
    }
    for case in cases:
        case.latest_review = reviews.get(case.latest_review_id)
    return cases


def latest_reviews(cases_qs) -> list:
    """Each case's latest review with a count of "not sufficient" per prompt: two queries."""
    return attach_latest_reviews(with_latest_review_ids(cases_qs))


def team_review_totals(cases_qs) -> tuple[int, int, dict]:
    """For the whole team (a region, for a Head of Public Protection) without loading its cases: how many cases,
    how many reviewed, and per prompt how many cases' latest review found it not sufficient. Two queries."""
    annotated = with_latest_review_ids(cases_qs).order_by()
    figures = annotated.aggregate(cases=Count("pk"), reviewed=Count("latest_review_id"))
    insufficient = dict(
        CaseReviewJudgement.objects.filter(review_id__in=annotated.values("latest_review_id"), is_sufficient=False)
        .order_by()
        .values("prompt")
        .annotate(n=Count("review_id", distinct=True))
        .values_list("prompt", "n")
    )
    return figures["cases"], figures["reviewed"], {prompt: insufficient.get(prompt.value, 0) for prompt in Prompt}
