"""The set-based computation gives exactly what the old all-cases × all-requirements one gave (oracle.py), on
generated rules, cases, histories, risk flags, case-level requirements and contacts (hypothesis); and the
PostgreSQL path (a LATERAL top-N read) gives exactly what the portable window-function path gives on SQLite."""

import os
from datetime import timedelta

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from caseworks.append_only import history_rewrite_allowed
from supervision.contact_requirements import contact_requirements, latest_contacts
from supervision.models import Case, Contact, ContactRule
from supervision.tests.contact_requirements.helpers import START, at
from supervision.tests.contact_requirements.oracle import old_contact_requirements
from supervision.tests.factories import (
    CaseFactory,
    ContactFactory,
    ContactTypeFactory,
    RiskFlagFactory,
    RiskFlagTypeFactory,
    StaffFactory,
)
from supervision.tests.rule_factories import CaseContactRequirementFactory, ContactRuleFactory

pytestmark = pytest.mark.django_db

# Each example builds a whole world (~10 s on a busy 2-core machine); a soak sets REFERENCE_EXAMPLES=500.
EXAMPLES = int(os.environ.get("REFERENCE_EXAMPLES", "5"))
TYPES = {
    "CHVS": ("HOME_VISIT", "HOME", True),
    "COAP": ("OFFICE", "OFFICE", False),
    "CTEL": ("OFFICE", "PHONE", False),
    "CKIH": ("KEY_INDIVIDUAL", "HOME", False),
}
OUTCOMES = ["ATTC", "MADE", "ATFC", "FTA", "NONE"]
ROSH = ["LOW", "MEDIUM", "HIGH", "VERY_HIGH"]
FLAGS = ["RSOF", "DVPE"]


@st.composite
def rules(draw):
    every = draw(st.one_of(st.none(), st.integers(3, 21)))
    window_from = draw(st.integers(0, 30))
    return {
        "match": draw(st.sampled_from([ContactRule.Match.ALL, ContactRule.Match.ANY])),
        "rosh_levels": draw(st.lists(st.sampled_from(ROSH), max_size=2, unique=True)),
        "tiers": draw(st.lists(st.sampled_from(["A", "B", "C"]), max_size=2, unique=True)),
        "mappa_categories": draw(st.lists(st.sampled_from([1, 2]), max_size=1)),
        "supervision_types": draw(st.lists(st.sampled_from(["LICENCE", "CO"]), max_size=1)),
        "flags": draw(st.lists(st.sampled_from(FLAGS), max_size=1)),
        "hdc_curfew": draw(st.sampled_from(["", "IN_FORCE", "NOT_IN_FORCE"])),
        "window_from_days": window_from,
        "window_to_days": draw(st.one_of(st.none(), st.integers(window_from, window_from + 120))),
        "every_days": every,
        "first_due_days": draw(st.integers(1, 20)) if every is None else draw(st.one_of(st.none(), st.integers(1, 20))),
        "contacts_needed": draw(st.integers(1, 3 if every is None else min(3, every))),
        "grace_days": draw(st.integers(0, 3)),
        "effective_from": draw(st.integers(-30, 60)),
        "stage": draw(st.sampled_from(["", "NOT_FINAL_THIRD"])),
        "exception_rosh": draw(st.lists(st.sampled_from(["HIGH", "VERY_HIGH"]), max_size=1)),
        "exception_mappa": draw(st.booleans()),
        "channels": draw(st.lists(st.sampled_from(["OFFICE", "PHONE"]), max_size=2, unique=True)),
    }


@st.composite
def cases(draw):
    mappa = draw(st.one_of(st.none(), st.sampled_from([1, 2])))
    return {
        "start": draw(st.integers(-200, 60)),
        "length": draw(st.integers(20, 400)),
        "rosh": draw(st.sampled_from(ROSH)),
        "rosh_change": draw(st.one_of(st.none(), st.tuples(st.integers(1, 150), st.sampled_from(ROSH)))),
        "tier": draw(st.sampled_from(["A", "B", "C", "D"])),
        "mappa": mappa,
        "supervision_type": draw(st.sampled_from(["LICENCE", "CO", "PSS"])),
        "hdc_days": draw(st.one_of(st.none(), st.integers(0, 90))),
        "flags": draw(
            st.lists(
                st.tuples(st.sampled_from(FLAGS), st.integers(0, 100), st.one_of(st.none(), st.integers(1, 100))),
                max_size=2,
                unique_by=lambda flag: flag[0],  # one flag of a type per case (a unique constraint)
            )
        ),
        "closed": draw(st.integers(0, 9)) == 0,
        "case_level": draw(
            st.one_of(st.none(), st.tuples(st.integers(-10, 100), st.integers(1, 120), st.integers(3, 14)))
        ),
        "contacts": draw(
            st.lists(
                st.tuples(
                    st.integers(-20, 250),
                    st.sampled_from(sorted(TYPES)),
                    st.sampled_from(OUTCOMES),
                    st.sampled_from(["RO", "POLICE", "AGENCY", "OTHER"]),
                ),
                max_size=10,
            )
        ),
    }


def _made_by(kind, case):
    if kind == "POLICE":
        return {
            "made_by": Contact.MadeBy.POLICE,
            "made_by_user": None,
            "made_by_name": "PC Jones",
            "made_by_identifier": "4471",
        }
    if kind == "AGENCY":
        return {
            "made_by": Contact.MadeBy.AGENCY_WORKER,
            "made_by_user": None,
            "made_by_name": "Sam Lee",
            "made_by_agency": "Housing",
        }
    if kind == "OTHER":
        return {"made_by": Contact.MadeBy.OTHER_OFFICER, "made_by_user": None, "made_by_name": "Alex Kim"}
    return {}


def _build(world_rules, world_cases):
    types = {
        code: ContactTypeFactory(code=code, group=group, channel=channel, is_home_visit=home)
        for code, (group, channel, home) in TYPES.items()
    }
    flag_types = {code: RiskFlagTypeFactory(code=code) for code in FLAGS}
    for spec in world_rules:
        ContactRuleFactory(
            match=spec["match"],
            rosh_levels=spec["rosh_levels"],
            tiers=spec["tiers"],
            mappa_categories=spec["mappa_categories"],
            supervision_types=spec["supervision_types"],
            risk_flag_types=[flag_types[c] for c in spec["flags"]],
            hdc_curfew=spec["hdc_curfew"],
            window_from_days=spec["window_from_days"],
            window_to_days=spec["window_to_days"],
            every_days=spec["every_days"],
            first_due_days=spec["first_due_days"],
            contacts_needed=spec["contacts_needed"],
            grace_days=spec["grace_days"],
            effective_from=START + timedelta(days=spec["effective_from"]),
            stage=spec["stage"],
            final_third_exception_rosh_levels=spec["exception_rosh"],
            final_third_exception_mappa=spec["exception_mappa"],
            channels=spec["channels"],
        )
    officer = StaffFactory()
    for spec in world_cases:
        start = START + timedelta(days=spec["start"])
        case = CaseFactory(
            started_on=start,
            expected_end_on=start + timedelta(days=spec["length"]),
            rosh=spec["rosh"],
            tier=spec["tier"],
            mappa_category=spec["mappa"],
            mappa_level=1 if spec["mappa"] else None,
            supervision_type=spec["supervision_type"],
            hdc_curfew_ends_on=None if spec["hdc_days"] is None else start + timedelta(days=spec["hdc_days"]),
            status=Case.Status.CLOSED if spec["closed"] else Case.Status.ACTIVE,
            responsible_officer=officer,
        )
        with history_rewrite_allowed():
            case.history.update(history_date=at(start - timedelta(days=1)))
        if spec["rosh_change"] is not None:
            day, rosh = spec["rosh_change"]
            case.rosh = rosh
            case.save()
            with history_rewrite_allowed():
                case.history.order_by("-history_date").filter(pk=case.history.latest().pk).update(
                    history_date=at(start + timedelta(days=day), 9)
                )
        for code, starts, lasts in spec["flags"]:
            ended = None if lasts is None else start + timedelta(days=starts + lasts)
            RiskFlagFactory(
                case=case, flag_type=flag_types[code], started_on=start + timedelta(days=starts), ended_on=ended
            )
        if spec["case_level"] is not None:
            starts, lasts, every = spec["case_level"]
            CaseContactRequirementFactory(
                case=case,
                starts_on=start + timedelta(days=starts),
                ends_on=start + timedelta(days=starts + lasts),
                every_days=every,
                set_by=officer,
            )
        for day, code, outcome, made_by in spec["contacts"]:
            ContactFactory(
                case=case,
                contact_type=types[code],
                starts_at=at(start + timedelta(days=day), 0 if day % 3 == 0 else 12, 30),
                outcome=outcome,
                **_made_by(made_by, case),
            )


def _keyed(statuses):
    keyed = {(s.case_id, s.requirement.key): s for s in statuses}
    assert len(keyed) == len(statuses)
    return keyed


class Rollback(Exception):
    pass


# Shrinking a failure over a whole generated world takes minutes: report the first failing world as found.
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    world_rules=st.lists(rules(), min_size=1, max_size=4),
    world_cases=st.lists(cases(), min_size=1, max_size=6),
    on=st.integers(0, 200),
)
def test_the_set_based_computation_equals_the_old_one(world_rules, world_cases, on, monkeypatch):
    day = START + timedelta(days=on)
    try:
        with transaction.atomic():
            _build(world_rules, world_cases)
            old = _keyed(old_contact_requirements(on=day))
            new = _keyed(contact_requirements(on=day))
            assert new == old
            some = Case.objects.order_by("pk")[: max(1, len(world_cases) // 2)]
            narrowed = Case.objects.filter(pk__in=[c.pk for c in some])
            assert _keyed(contact_requirements(on=day, cases=narrowed)) == _keyed(
                old_contact_requirements(on=day, cases=narrowed)
            )
            if connection.vendor == "postgresql":
                monkeypatch.setattr(latest_contacts, "use_lateral", lambda: False)
                assert _keyed(contact_requirements(on=day)) == new
                monkeypatch.undo()
            raise Rollback
    except Rollback:
        pass
