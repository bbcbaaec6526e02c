"""The overdue job against a reference computation written from the help text alone, on generated cases, rules
and contacts (hypothesis).

The reference below reads only the words an administrator and an officer read: the rule form's help text and
the case page. It does not call the product's computation. Where they disagree, one of them is wrong.

Case facts are generated as they are when the job runs for today: any change to the case (its RoSH here) is
dated on or before the day checked.
"""

import os
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseworks.append_only import history_rewrite_allowed
from supervision.models import Case, Contact, OverdueFlag
from supervision.services.overdue_contacts import flag_overdue_contacts
from supervision.tests.contact_requirements.helpers import START, at
from supervision.tests.factories import CaseFactory, ContactFactory, ContactTypeFactory
from supervision.tests.rule_factories import CaseContactRequirementFactory, ContactRuleFactory

pytestmark = pytest.mark.django_db

# A few examples keep `make test` quick; a long soak sets REFERENCE_EXAMPLES=2000 (each example is ~0.15 s).
EXAMPLES = int(os.environ.get("REFERENCE_EXAMPLES", "15"))

KINDS = {
    # code: (group, channel, counts as a home visit)
    "CHVS": ("HOME_VISIT", "HOME", True),
    "CKIH": ("KEY_INDIVIDUAL", "HOME", False),  # the partner seen at home: the person took no part
    "CLPO": ("AGENCY", "AGENCY", False),
}
SEEN = {"ATTC", "MADE"}


@dataclass
class Scenario:
    start: int
    length: int
    rosh: str
    rosh_change: int | None  # the day (from the start) the case changes to the other RoSH level
    rule_rosh: list
    every_days: int | None
    first_due_days: int | None
    contacts_needed: int
    grace_days: int
    window_from: int
    window_to: int | None
    effective_from: int
    channels: list
    contacts: list  # (day from the start, code, outcome)
    on: int
    # A manager's case-level requirement, home visits every N days: (starts, ends, every, contacts needed) in
    # days from the start, or None.
    case_level: tuple | None = None


@st.composite
def scenarios(draw):
    every = draw(st.one_of(st.none(), st.integers(3, 14)))
    first_due = draw(st.integers(1, 20)) if every is None else draw(st.one_of(st.none(), st.integers(1, 20)))
    window_from = draw(st.integers(0, 20))
    on = draw(st.integers(0, 130))
    return Scenario(
        start=draw(st.integers(0, 5)),
        length=draw(st.integers(30, 120)),
        rosh=draw(st.sampled_from(["LOW", "HIGH"])),
        rosh_change=draw(st.one_of(st.none(), st.integers(1, max(on, 1)))),
        rule_rosh=draw(st.sampled_from([[], ["HIGH"]])),
        every_days=every,
        first_due_days=first_due,
        contacts_needed=draw(st.integers(1, 2 if every is None or every >= 2 else 1)),
        grace_days=draw(st.integers(0, 3)),
        window_from=window_from,
        window_to=draw(st.one_of(st.none(), st.integers(window_from, window_from + 60))),
        effective_from=draw(st.integers(0, 40)),
        channels=draw(st.sampled_from([[], ["HOME"], ["AGENCY"]])),
        contacts=draw(
            st.lists(
                st.tuples(
                    st.integers(-5, 100), st.sampled_from(sorted(KINDS)), st.sampled_from(["ATTC", "MADE", "FTA"])
                ),
                max_size=8,
            )
        ),
        on=on,
        case_level=draw(
            st.one_of(
                st.none(),
                st.tuples(st.integers(-10, 40), st.integers(1, 80), st.integers(3, 14), st.integers(1, 2)).map(
                    lambda t: (t[0], t[0] + t[1], t[2], t[3])
                ),
            )
        ),
    )


# The reference: the help text, read literally.


def _rosh_on(s: Scenario, day_number: int) -> str:
    if s.rosh_change is None or day_number < s.rosh_change:
        return s.rosh
    return "HIGH" if s.rosh == "LOW" else "LOW"


def _counts(s: Scenario, code: str, outcome: str, channels=None) -> bool:
    """'Only contacts in which the person on probation took part count', seen or spoken to, of a counted type:
    any home visit, or a ticked channel."""
    group, channel, is_home_visit = KINDS[code]
    took_part = group not in ("KEY_INDIVIDUAL", "AGENCY")
    ticked = s.channels if channels is None else channels
    return took_part and outcome in SEEN and (is_home_visit or channel in ticked)


def reference_due_on(s: Scenario) -> date | None:
    """The due date if the rule applies on the day checked and is not met for good; None otherwise."""
    start = START + timedelta(days=s.start)
    on = start + timedelta(days=s.on)
    effective = START + timedelta(days=s.effective_from)
    # "before its expected end date", "the first day the rule applies", the window's first and last day.
    if s.on >= s.length or on < effective or s.on < s.window_from:
        return None
    if s.window_to is not None and s.on > s.window_to:
        return None
    if s.rule_rosh and _rosh_on(s, s.on) not in s.rule_rosh:
        return None
    # "the latest of: the supervision start, the window's first day, the day the case came to meet the rule,
    # and the day the rule takes effect"
    clock = max(start + timedelta(days=s.window_from), effective)
    if s.rule_rosh and s.rosh_change is not None and _rosh_on(s, s.rosh_change - 1) not in s.rule_rosh:
        clock = max(clock, start + timedelta(days=s.rosh_change))
    # "Only contacts from that day count"; newest first.
    counted = sorted(
        (start + timedelta(days=d) for d, code, outcome in s.contacts if _counts(s, code, outcome)),
        reverse=True,
    )
    counted = [d for d in counted if clock <= d <= on]
    if len(counted) >= s.contacts_needed:
        if s.every_days is None:
            return None  # a one-off contact, made
        return counted[s.contacts_needed - 1] + timedelta(days=s.every_days)
    return clock + timedelta(days=s.first_due_days or s.every_days)


def reference_overdue_on(s: Scenario) -> date | None:
    """'The due day itself is never overdue': overdue from the day after due date + grace days."""
    due = reference_due_on(s)
    on = START + timedelta(days=s.start + s.on)
    return due if due is not None and on > due + timedelta(days=s.grace_days) else None


def reference_case_level_overdue_on(s: Scenario) -> date | None:
    """'It applies from its start date up to, not including, its end date, and only contacts from the
    supervision start count'; it can start before release; the due date and grace read as for a rule."""
    if s.case_level is None:
        return None
    starts, ends, every, needed = s.case_level
    start = START + timedelta(days=s.start)
    on = start + timedelta(days=s.on)
    if s.on >= s.length or not (starts <= s.on < ends):
        return None
    clock = max(start + timedelta(days=starts), start)
    counted = sorted(
        (start + timedelta(days=d) for d, code, outcome in s.contacts if _counts(s, code, outcome, channels=[])),
        reverse=True,
    )
    counted = [d for d in counted if clock <= d <= on]
    due = counted[needed - 1] + timedelta(days=every) if len(counted) >= needed else clock + timedelta(days=every)
    return due if on > due else None


# The product, through the job.


def _build(s: Scenario):
    types = {
        code: ContactTypeFactory(code=code, group=group, channel=channel, is_home_visit=home)
        for code, (group, channel, home) in KINDS.items()
    }
    start = START + timedelta(days=s.start)
    ContactRuleFactory(
        rosh_levels=s.rule_rosh,
        every_days=s.every_days,
        first_due_days=s.first_due_days,
        contacts_needed=s.contacts_needed,
        grace_days=s.grace_days,
        window_from_days=s.window_from,
        window_to_days=s.window_to,
        effective_from=START + timedelta(days=s.effective_from),
        channels=s.channels,
    )
    case = CaseFactory(started_on=start, expected_end_on=start + timedelta(days=s.length), rosh=s.rosh)
    with history_rewrite_allowed():  # back-dating the history is set-up, not a rewrite
        case.history.update(history_date=at(start - timedelta(days=1)))
    if s.rosh_change is not None:
        case.rosh = _rosh_on(s, s.rosh_change)
        case.save()
        with history_rewrite_allowed():  # back-dating the history is set-up, not a rewrite
            case.history.filter(rosh=case.rosh).update(history_date=at(start + timedelta(days=s.rosh_change), 9))
    if s.case_level is not None:
        starts, ends, every, needed = s.case_level
        CaseContactRequirementFactory(
            case=case,
            starts_on=start + timedelta(days=starts),
            ends_on=start + timedelta(days=ends),
            every_days=every,
            contacts_needed=needed,
            set_by=case.responsible_officer,
        )
    for d, code, outcome in s.contacts:
        ContactFactory(
            case=case, contact_type=types[code], starts_at=at(start + timedelta(days=d), 12), outcome=outcome
        )
    return case


class Rollback(Exception):
    pass


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(s=scenarios())
def test_the_job_flags_exactly_what_the_help_text_says(s):
    try:
        with transaction.atomic():
            case = _build(s)
            flag_overdue_contacts(on=case.started_on + timedelta(days=s.on))
            flags = OverdueFlag.objects.open()
            by_rule = list(flags.filter(rule__isnull=False).values_list("due_on", flat=True))
            by_manager = list(flags.filter(case_requirement__isnull=False).values_list("due_on", flat=True))
            assert by_rule == [d for d in [reference_overdue_on(s)] if d is not None], s
            assert by_manager == [d for d in [reference_case_level_overdue_on(s)] if d is not None], s
            raise Rollback
    except Rollback:
        pass
    assert not Case.objects.exists() and not Contact.objects.exists()
