"""A recall's page (the recommendation, its evidence, its history and deadline, the steps this user may take), the
pages for each step, and the queue of recalls waiting for the signed-in manager.

Anyone who may open the case reads its recalls. Each step's page asks `supervision.permissions` first (403 for
anyone else); the service asks again under the lock. The queue lists, for a line manager, the recalls of the
officers they manage waiting for endorsement and, for a Head of Public Protection, the region's recalls waiting
for countersignature: emergency and late ones first, in a fixed number of queries.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case as CaseWhen
from django.db.models import F, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from supervision import permissions, roles
from supervision.forms.recalls import (
    ConfirmRecallForm,
    CountersignRecallForm,
    EndorseRecallForm,
    RefuseCountersignatureForm,
    RefuseEndorsementForm,
    WithdrawRecallForm,
)
from supervision.models import Recall, RecallEvent
from supervision.models.recalls import RECALL_TRANSITIONS
from supervision.services import recalls as services
from supervision.views.base import case_context, case_page, form_page, refuse_without_case_role

Status = Recall.Status
Action = RecallEvent.Action
TAB = "enforcement"


def _recall_of(case, pk) -> Recall:
    return get_object_or_404(
        case.recalls.select_related("decision", "recommended_by", "endorsed_by", "countersigned_by"), pk=pk
    )


def deadline_of(recall):
    """The signature the recall waits for now, and its deadline: (what, when), or (\"\", None) if none."""
    if recall.status == Status.RECOMMENDED:
        return "Endorse by", recall.endorse_by
    if recall.status == Status.ENDORSED:
        return "Countersign by", recall.countersign_by
    return "", None


# Each step: (label on the recall's page, URL name, may(user, recall), its action in RECALL_TRANSITIONS).
STEPS = [
    ("Endorse", "supervision:recall-endorse", permissions.may_endorse_recall, Action.ENDORSED),
    (
        "Do not endorse",
        "supervision:recall-refuse-endorsement",
        permissions.may_endorse_recall,
        Action.ENDORSEMENT_REFUSED,
    ),
    ("Countersign", "supervision:recall-countersign", permissions.may_countersign_recall, Action.COUNTERSIGNED),
    (
        "Do not countersign",
        "supervision:recall-refuse-countersignature",
        permissions.may_countersign_recall,
        Action.COUNTERSIGNATURE_REFUSED,
    ),
    ("Record the confirmation", "supervision:recall-confirm", permissions.may_confirm_recall, Action.CONFIRMED),
    ("Withdraw the recommendation", "supervision:recall-withdraw", permissions.may_withdraw_recall, Action.WITHDRAWN),
]


def steps_offered(user, recall) -> list[tuple[str, str]]:
    kwargs = {"crn": recall.case.crn, "pk": recall.pk}
    return [
        (label, reverse(name, kwargs=kwargs))
        for label, name, may, action in STEPS
        if recall.status in RECALL_TRANSITIONS[action].from_states and may(user, recall)
    ]


@case_page
def recall_detail(request, case, pk):
    recall = _recall_of(case, pk)
    decision = recall.decision
    what, deadline = deadline_of(recall)
    now = timezone.now()
    context = case_context(
        case,
        tab=TAB,
        recall=recall,
        decision=decision,
        allegations=list(decision.allegations.all()),
        contacts=list(decision.contacts.select_related("contact_type")),
        intelligence=list(decision.police_intelligence.all()),
        events=list(recall.events.select_related("actor")),
        deadline_label=what,
        deadline=deadline,
        is_late=deadline is not None and deadline < now,
        steps=steps_offered(request.user, recall),
    )
    return render(request, "supervision/recalls/detail.html", context)


def _step_page(request, case, pk, *, action, form_class, may, title, success, save):
    recall = _recall_of(case, pk)
    if not may(request.user, recall):
        raise PermissionDenied
    if request.method == "GET" and recall.status not in RECALL_TRANSITIONS[action].from_states:
        # The recall has moved on (someone else took a step): its page says where it is. A post is still left to
        # the service, which answers a repeat as the first time and anything else with the reason.
        messages.info(request, f"This step cannot be taken now: the recall is {recall.get_status_display().lower()}")
        return redirect(recall.get_absolute_url())
    form = form_class(request.POST or None, version=recall.version)
    what, deadline = deadline_of(recall)
    intro = (
        f"{recall.get_kind_display()} recall recommended by {recall.recommended_by.get_full_name()} on "
        f"{timezone.localtime(recall.recommended_at):%-d %B %Y at %H:%M}. {recall.get_status_display()}."
    )
    if deadline is not None:
        intro += f" {what} {timezone.localtime(deadline):%-d %B %Y at %H:%M}."
    return form_page(
        request,
        case,
        form,
        title=title,
        caption=f"{case.full_name}: {recall.get_kind_display().lower()} recall",
        intro=intro,
        save=lambda form: save(recall, form.cleaned_data),
        success=success,
        back_url=recall.get_absolute_url(),
        template="supervision/recalls/step.html",
        extra={"decision": recall.decision},
    )


def _version(data) -> dict:
    return {"expected_version": data["version"]}


@case_page
def recall_endorse(request, case, pk):
    return _step_page(
        request,
        case,
        pk,
        action=Action.ENDORSED,
        form_class=EndorseRecallForm,
        may=permissions.may_endorse_recall,
        title="Endorse the recall",
        success="Recall endorsed: the Head of Public Protection has been asked to countersign it",
        save=lambda recall, data: services.endorse_recall(recall, by=request.user, note=data["note"], **_version(data)),
    )


@case_page
def recall_refuse_endorsement(request, case, pk):
    return _step_page(
        request,
        case,
        pk,
        action=Action.ENDORSEMENT_REFUSED,
        form_class=RefuseEndorsementForm,
        may=permissions.may_endorse_recall,
        title="Do not endorse the recall",
        success="Recall not endorsed",
        save=lambda recall, data: services.refuse_endorsement(
            recall, by=request.user, reason=data["reason"], **_version(data)
        ),
    )


@case_page
def recall_countersign(request, case, pk):
    return _step_page(
        request,
        case,
        pk,
        action=Action.COUNTERSIGNED,
        form_class=CountersignRecallForm,
        may=permissions.may_countersign_recall,
        title="Countersign the recall",
        success="Recall countersigned: the recall is requested",
        save=lambda recall, data: services.countersign_recall(recall, by=request.user, **_version(data)),
    )


@case_page
def recall_refuse_countersignature(request, case, pk):
    return _step_page(
        request,
        case,
        pk,
        action=Action.COUNTERSIGNATURE_REFUSED,
        form_class=RefuseCountersignatureForm,
        may=permissions.may_countersign_recall,
        title="Do not countersign the recall",
        success="Recall not countersigned",
        save=lambda recall, data: services.refuse_countersignature(
            recall, by=request.user, reason=data["reason"], **_version(data)
        ),
    )


@case_page
def recall_withdraw(request, case, pk):
    return _step_page(
        request,
        case,
        pk,
        action=Action.WITHDRAWN,
        form_class=WithdrawRecallForm,
        may=permissions.may_withdraw_recall,
        title="Withdraw the recall recommendation",
        success="Recall recommendation withdrawn",
        save=lambda recall, data: services.withdraw_recall(
            recall, by=request.user, reason=data["reason"], **_version(data)
        ),
    )


@case_page
def recall_confirm(request, case, pk):
    return _step_page(
        request,
        case,
        pk,
        action=Action.CONFIRMED,
        form_class=ConfirmRecallForm,
        may=permissions.may_confirm_recall,
        title="Record that the recall was confirmed",
        success="Recall confirmed: the case is now recalled",
        save=lambda recall, data: services.confirm_recall(
            recall, by=request.user, confirmed_on=data["confirmed_on"], **_version(data)
        ),
    )


# The queue ------------------------------------------------------------------------------------------------------


def recalls_awaiting(user, *, now):
    """The recalls waiting for this user's signature, as one queryset: endorsements for the officers they manage
    (or cover for), countersignatures in the region they head; never their own. Emergency first, then late,
    then by deadline."""
    profile = getattr(user, "profile", None)
    waiting = Q(pk__in=[])
    if roles.has_role(user, roles.LINE_MANAGER, roles.HEAD_OF_PUBLIC_PROTECTION):
        managed = Q(case__responsible_officer__profile__line_manager=user) | Q(
            case__responsible_officer__profile__line_manager__profile__deputy=user
        )
        waiting |= Q(status=Status.RECOMMENDED) & managed & ~Q(recommended_by=user)
    if roles.has_role(user, roles.HEAD_OF_PUBLIC_PROTECTION) and profile and profile.effective_region_id:
        waiting |= (
            Q(status=Status.ENDORSED, case__team__pdu__region_id=profile.effective_region_id)
            & ~Q(recommended_by=user)
            & ~Q(endorsed_by=user)
        )
    deadline = CaseWhen(When(status=Status.RECOMMENDED, then=F("endorse_by")), default=F("countersign_by"))
    return (
        Recall.objects.filter(waiting, case__in=permissions.cases_visible_to(user))
        .annotate(
            deadline=deadline,
            emergency_first=CaseWhen(
                When(kind=Recall.Kind.EMERGENCY, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
        )
        .annotate(
            late_first=CaseWhen(When(deadline__lt=now, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .select_related("case__responsible_officer", "recommended_by", "endorsed_by")
        .order_by("emergency_first", "late_first", "deadline", "pk")
    )


def recall_queue(request):
    user = request.user
    if not permissions.may_use_case_pages(user):
        return refuse_without_case_role(request)
    if not permissions.may_see_recall_queue(user):
        raise PermissionDenied
    now = timezone.now()
    recalls = list(recalls_awaiting(user, now=now))
    for recall in recalls:
        recall.is_late = recall.deadline < now
    return render(request, "supervision/recalls/queue.html", {"recalls": recalls, "now": now})
