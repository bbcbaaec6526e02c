"""Bank holidays in England and Wales, kept as data so "working days" can skip them."""

from django.db import models


class BankHoliday(models.Model):
    day = models.DateField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["day"]

    def __str__(self):
        return f"{self.name} ({self.day:%d %B %Y})"
