"""The overdue-contacts job's own record: one row per day it has written flags for.

The job recomputes from the database, so the order of runs matters only for what it writes: a run for a day
earlier than the latest recorded one (an operator catching up with `--on`) would close flags that were valid
later, dated before they opened, and a re-run for today would then reopen and re-notify them. The latest day
recorded here is what a run compares itself with before writing anything.
"""

from django.db import models


class OverdueFlagRun(models.Model):
    on = models.DateField(unique=True, help_text="The day the job checked.")
    first_run_at = models.DateTimeField(auto_now_add=True)
    last_run_at = models.DateTimeField(auto_now=True)
    opened = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    officers_notified = models.PositiveIntegerField(default=0)
    line_managers_notified = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-on"]

    def __str__(self):
        return f"Overdue-contacts run for {self.on}"
