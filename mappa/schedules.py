"""The beat schedule for mappa's sweeps, as django-celery-beat rows administrators can edit in the admin.

Created after migrate if missing and never overwritten, so an administrator's change to a schedule stays.
"""

SCHEDULES = [
    # (name, task, every minutes or None, crontab hour, crontab minute)
    (
        "Escalate rejected MAPPA referrals (sweep)",
        "mappa.tasks.escalate_rejected_referrals",
        15,
        None,
        None,
    ),
    ("Step up overdue MAPPA escalations", "mappa.tasks.step_up_overdue_escalations", None, "7", "0"),
    ("Chase late referral responses", "mappa.tasks.chase_late_referrals", None, "7", "15"),
    ("Flag overdue MAPPA actions", "mappa.tasks.flag_overdue_mappa_actions", None, "7", "30"),
]


def ensure_periodic_tasks(**kwargs) -> None:
    from django.conf import settings
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    for name, task, every_minutes, hour, minute in SCHEDULES:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        if every_minutes:
            interval, _ = IntervalSchedule.objects.get_or_create(every=every_minutes, period=IntervalSchedule.MINUTES)
            PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "interval": interval})
        else:
            crontab, _ = CrontabSchedule.objects.get_or_create(
                minute=minute,
                hour=hour,
                day_of_week="*",
                day_of_month="*",
                month_of_year="*",
                timezone=settings.TIME_ZONE,
            )
            PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})
