"""Limited-access cases, as nDelius has them: a restriction (only the listed staff may see the case) and an
exclusion (the listed staff may not). Each carries the message a refused member of staff is shown, and the
reason it was set (for the Head of Public Protection, never shown to the refused)."""

from django.conf import settings
from django.db import models


class CaseAccessLimit(models.Model):
    class Kind(models.TextChoices):
        RESTRICTION = "RESTRICTION", "Restriction: only the listed staff may see the case"
        EXCLUSION = "EXCLUSION", "Exclusion: the listed staff may not see the case"

    case = models.ForeignKey("supervision.Case", on_delete=models.CASCADE, related_name="access_limits")
    kind = models.CharField(max_length=11, choices=Kind.choices)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    message = models.CharField(
        max_length=500, help_text="Shown to a member of staff who is refused: who to ask, never why."
    )
    reason = models.TextField(max_length=2000, help_text="Why the limit was set. Shown only to those who set limits.")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="one_access_limit_of_each_kind_per_case"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["RESTRICTION", "EXCLUSION"]), name="access_limit_kind_is_known"
            ),
            models.CheckConstraint(condition=~models.Q(message=""), name="access_limit_has_a_message"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on case {self.case_id}"
