"""The "keeping people safe" case review: a manager's judgement, prompt by prompt, of whether the work on a case
kept people safe, as HM Inspectorate of Probation asks it.

A review is append-only and keeps the evidence it was judged on (the figures gathered for each prompt, as JSON):
the case record goes on changing, so a review compared with a later one must show what each manager actually saw,
not what the record says today.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse


class Prompt(models.TextChoices):
    """The inspectorate's prompts under "keeping people safe", in its order."""

    CONTACT = "CONTACT", "The level and nature of contact was sufficient to manage the risk"
    HOME_VISITS = "HOME_VISITS", "Home visits were made where necessary"
    VICTIMS = "VICTIMS", "Actual and potential victims were protected"
    AGENCIES = "AGENCIES", "Other agencies were involved and their work coordinated"
    KEY_INDIVIDUALS = "KEY_INDIVIDUALS", "Key individuals in the person's life were engaged"
    OVERSIGHT = "OVERSIGHT", "Management oversight was effective"


class CaseReview(models.Model):
    """One manager's review of one case over a window of dates, with the evidence as it stood."""

    case = models.ForeignKey("supervision.Case", on_delete=models.PROTECT, related_name="case_reviews")
    window_from = models.DateField("from")
    window_to = models.DateField("to")
    # {prompt: [{"label": ..., "value": ..., "items": [...]}, ...]}: what the page showed when it was judged.
    evidence = models.JSONField(default=dict)
    summary = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_at", "-pk"]
        get_latest_by = ["reviewed_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(window_from__lte=F("window_to")), name="case_review_window_in_order"),
        ]

    def __str__(self):
        return f"Case review of {self.case_id} ({self.window_from} to {self.window_to})"

    def get_absolute_url(self):
        return reverse("supervision:case-review-detail", kwargs={"crn": self.case.crn, "pk": self.pk})


class CaseReviewJudgement(models.Model):
    """The manager's judgement on one prompt: sufficient or not, and why."""

    review = models.ForeignKey(CaseReview, on_delete=models.PROTECT, related_name="judgements")
    prompt = models.CharField(max_length=15, choices=Prompt.choices)
    is_sufficient = models.BooleanField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "prompt"], name="case_review_one_judgement_per_prompt"),
            models.CheckConstraint(condition=Q(prompt__in=Prompt.values), name="case_review_prompt_known"),
            # "Not sufficient" is the finding a manager must explain.
            models.CheckConstraint(
                condition=Q(is_sufficient=True) | ~Q(comment=""), name="case_review_insufficient_has_a_comment"
            ),
        ]

    def __str__(self):
        return f"{self.get_prompt_display()}: {'sufficient' if self.is_sufficient else 'not sufficient'}"
