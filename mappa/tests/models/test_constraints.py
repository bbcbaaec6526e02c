"""The referral and escalation workflows' invariants, held by the database whatever writes the row."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from mappa.models import Escalation, Referral
from mappa.tests.factories import (
    EscalationFactory,
    MappaMeetingFactory,
    MappaReferralFactory,
    ReferralFactory,
    RejectedMappaReferralFactory,
)
from supervision.tests.factories import CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db

S = Referral.Status


def refused_by(name, make):
    """The row `make` writes is refused by the named CHECK constraint, on PostgreSQL."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        make()
    return name in str(error.value)


def test_every_factory_state_is_one_the_database_accepts():
    for status in S:
        MappaReferralFactory(status=status)
    EscalationFactory()
    MappaMeetingFactory()


def test_a_mappa_referral_names_its_category_and_no_other_referral_has_one():
    name = "referral_mappa_category_only_on_mappa"
    assert refused_by(name, lambda: MappaReferralFactory(mappa_category=None))
    assert refused_by(name, lambda: ReferralFactory(mappa_category=2))


def test_a_level_3_referral_says_what_level_2_cannot_deliver():
    assert refused_by(
        "referral_level_3_is_justified",
        lambda: MappaReferralFactory(kind=Referral.Kind.MAPPA_LEVEL_3, level_justification=""),
    )


def test_an_accepted_or_rejected_referral_has_a_dated_decision_that_fits():
    assert refused_by(
        "referral_accepted_has_an_acceptance",
        lambda: MappaReferralFactory(status=S.ACCEPTED, decision=Referral.Decision.REJECTED_NOT_MAPPA),
    )
    assert refused_by(
        "referral_accepted_has_an_acceptance", lambda: MappaReferralFactory(status=S.ACCEPTED, decision="")
    )
    assert refused_by(
        "referral_rejected_has_a_rejection",
        lambda: MappaReferralFactory(status=S.REJECTED, decision=Referral.Decision.ACCEPTED_LEVEL_2),
    )
    assert refused_by("referral_decision_is_dated", lambda: RejectedMappaReferralFactory(decided_at=None))
    assert refused_by("referral_response_is_dated", lambda: ReferralFactory(status=S.RESPONDED, decided_at=None))


def test_a_sent_referral_has_its_date_and_an_acknowledged_one_its_acknowledgement():
    assert refused_by("referral_sent_has_a_date", lambda: ReferralFactory(status=S.SENT, sent_on=None))
    assert refused_by(
        "referral_acknowledged_has_a_date", lambda: ReferralFactory(status=S.ACKNOWLEDGED, acknowledged_on=None)
    )


def test_an_endorsement_is_a_second_persons_with_when():
    name = "referral_endorsed_by_someone_else_with_when"
    manager = StaffFactory()
    assert refused_by(name, lambda: MappaReferralFactory(endorsed_by=manager))
    assert refused_by(name, lambda: MappaReferralFactory(endorsed_at=timezone.now()))
    case = CaseFactory()
    officer = case.responsible_officer  # who makes the referral, by default
    assert refused_by(name, lambda: MappaReferralFactory(case=case, endorsed_by=officer, endorsed_at=timezone.now()))
    MappaReferralFactory(endorsed_by=manager, endorsed_at=timezone.now())


def test_a_meeting_is_due_only_on_an_accepted_referral():
    assert refused_by(
        "referral_meeting_due_only_when_accepted",
        lambda: RejectedMappaReferralFactory(meeting_due_on=timezone.localdate()),
    )


def test_a_closed_escalation_says_how_and_an_open_one_says_nothing_of_closing():
    name = "escalation_closed_says_how"
    now = timezone.now()
    assert refused_by(name, lambda: EscalationFactory(status=Escalation.Status.CLOSED, resolved_at=now))
    assert refused_by(name, lambda: EscalationFactory(resolved_at=now))
    assert refused_by(name, lambda: EscalationFactory(rationale="Agreed with the MAPPA unit."))
    EscalationFactory(
        status=Escalation.Status.CLOSED, resolution=Escalation.Resolution.STEPPED_UP, resolved_at=now, resolved_by=None
    )


@pytest.mark.parametrize(
    "level,resolution",
    [
        (Escalation.Level.LINE_MANAGER, Escalation.Resolution.OVERTURNED),
        (Escalation.Level.LINE_MANAGER, Escalation.Resolution.REJECTION_UPHELD),
        (Escalation.Level.HEAD_OF_PUBLIC_PROTECTION, Escalation.Resolution.REJECTION_ACCEPTED),
        (Escalation.Level.HEAD_OF_PUBLIC_PROTECTION, Escalation.Resolution.ESCALATED),
    ],
)
def test_each_level_closes_its_own_way(level, resolution):
    assert refused_by(
        "escalation_resolution_fits_its_level",
        lambda: EscalationFactory(
            level=level, status=Escalation.Status.CLOSED, resolution=resolution, resolved_at=timezone.now()
        ),
    )


def test_a_mappa_meeting_is_level_2_or_3():
    assert refused_by("mappa_meeting_level_2_or_3", lambda: MappaMeetingFactory(level=1))
