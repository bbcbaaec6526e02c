"""Multi-agency work: referrals to other agencies, the MAPPA escalation queue, and MAPPA meetings."""

from django.db import models
from simple_history.models import HistoricalRecords


class Agency(models.Model):
    """Reference data: an agency Caseworks refers to or liaises with."""

    class Kind(models.TextChoices):
        POLICE = "POLICE", "Police"
        CHILDRENS_SOCIAL_CARE = "CSC", "Children's social care"
        ADULT_SOCIAL_CARE = "ASC", "Adult social care"
        MARAC = "MARAC", "MARAC"
        MAPPA_UNIT = "MAPPA", "MAPPA unit"
        VICTIM_LIAISON = "VLU", "Victim liaison unit"
        HEALTH = "HEALTH", "Health"
        HOUSING = "HOUSING", "Housing"
        OTHER = "OTHER", "Other"

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name
