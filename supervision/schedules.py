"""Beat schedules that every installation needs, kept as django-celery-beat rows so administrators can edit
them in the admin (Periodic tasks). Created once; an administrator's later changes are kept."""

OVERDUE_CONTACTS_TASK_NAME = "Flag overdue contacts and home visits"


def ensure_periodic_tasks(**kwargs) -> None:
    """Runs after every migrate; safe to repeat. Never overwrites an administrator's schedule."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    if PeriodicTask.objects.filter(name=OVERDUE_CONTACTS_TASK_NAME).exists():
        return
    hourly, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.HOURS)
    PeriodicTask.objects.get_or_create(
        name=OVERDUE_CONTACTS_TASK_NAME,
        defaults={
            "task": "supervision.tasks.flag_overdue_contacts",
            "interval": hourly,
            "description": "Flags overdue contacts and home visits under the contact-frequency rules, clears "
            "flags that have been met, and notifies officers and line managers. Safe to run at any time.",
        },
    )
