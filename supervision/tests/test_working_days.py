from datetime import date

import pytest

from supervision.reference_data.bank_holidays import load_bank_holidays
from supervision.working_days import add_working_days, is_working_day

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def bank_holidays():
    load_bank_holidays()


def test_five_working_days_from_a_monday_is_the_next_monday():
    assert add_working_days(date(2026, 11, 23), 5) == date(2026, 11, 30)


def test_weekends_are_skipped():
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Friday → Monday


def test_christmas_bank_holidays_are_skipped():
    # Thu 24 Dec 2026: Fri 25 (Christmas), Mon 28 (Boxing Day substitute) are not working days.
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    # 29, 30, 31 Dec, then 1 Jan 2027 is a holiday: 4 and 5 Jan.
    assert add_working_days(date(2026, 12, 24), 5) == date(2027, 1, 5)


def test_easter_is_skipped():
    assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)


def test_is_working_day():
    assert is_working_day(date(2026, 11, 26))
    assert not is_working_day(date(2026, 11, 28))
    assert not is_working_day(date(2026, 12, 25))


def test_zero_days_is_the_same_day_and_negative_is_refused():
    assert add_working_days(date(2026, 11, 26), 0) == date(2026, 11, 26)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 26), -1)
