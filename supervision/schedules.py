"""Beat schedules that every installation needs, kept as django-celery-beat rows so administrators can edit
them in the admin (Periodic tasks). Created once; an administrator's later changes are kept."""

OVERDUE_CONTACTS_TASK_NAME = "Flag overdue contacts and home visits"
OUTBOX_TASK_NAME = "Send e-mails waiting in the outbox"
PRUNE_TOKENS_TASK_NAME = "Forget old form submission tokens"
ABSENCE_DECISIONS_TASK_NAME = "Flag enforcement decisions overdue on unacceptable absences"

SCHEDULES = [
    # (name, task, every, period, description)
    (
        OVERDUE_CONTACTS_TASK_NAME,
        "supervision.tasks.flag_overdue_contacts",
        1,
        "hours",
        "Flags overdue contacts and home visits under the contact-frequency rules, clears flags that have been "
        "met, and notifies officers and line managers. Safe to run at any time.",
    ),
    (
        ABSENCE_DECISIONS_TASK_NAME,
        "supervision.tasks.flag_outstanding_absence_decisions",
        1,
        "hours",
        "Flags unacceptable absences still waiting for an enforcement decision past the day the enforcement policy "
        "allows, closes flags once decided, and notifies officers and then line managers. Safe to run at any time.",
    ),
    (
        OUTBOX_TASK_NAME,
        "supervision.tasks.drain_outbox",
        1,
        "minutes",
        "Sends e-mails still waiting in the outbox: ones whose message to the worker was lost (broker down) "
        "and ones being retried after the mail server refused them. Safe to run at any time.",
    ),
    (
        PRUNE_TOKENS_TASK_NAME,
        "supervision.tasks.prune_submission_tokens",
        1,
        "days",
        "Deletes form submission tokens older than SUBMISSION_TOKEN_DAYS: a form that old is refused when posted, "
        "so its token is no longer needed to recognise a double submit. Safe to run at any time.",
    ),
]


def ensure_periodic_tasks(**kwargs) -> None:
    """Runs after every migrate; safe to repeat. Never overwrites an administrator's schedule."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    for name, task, every, period, description in SCHEDULES:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        interval, _ = IntervalSchedule.objects.get_or_create(every=every, period=period)
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "interval": interval, "description": description}
        )
