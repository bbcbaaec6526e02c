"""Working days: Monday to Friday, skipping England and Wales bank holidays (kept as BankHoliday rows)."""

from datetime import date, timedelta

from supervision.models import BankHoliday


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself never counts).

    One query: the bank holidays in a window wide enough for any run of holidays (at most 4 in a row
    at Christmas and Easter), so this is safe to call in a request or a task.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    window_end = start + timedelta(days=days * 2 + 14)
    holidays = set(BankHoliday.objects.filter(day__gt=start, day__lte=window_end).values_list("day", flat=True))
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            remaining -= 1
    return day


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not BankHoliday.objects.filter(day=day).exists()
