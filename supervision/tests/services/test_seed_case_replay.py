"""The inspection case study (../shared/seed/), replayed through the services the way it happened: the victim's
reports of exclusion-zone breaches, investigated, with accounts that contradicted each other so they could not be
enforced; one confirmed on CCTV, and a relationship he did not disclose, which earned a warning; police intelligence
of driving while disqualified, and a final warning; then a missed Building Better Relationships session without a
good reason, and a recall taken through the line manager's endorsement and the Head of Public Protection's
countersignature until the case is recalled. Each step is dated as it happened (days after release), and the case's
record, compliance summary and chronology tell the story at the end."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from caseworks.errors import RuleBroken
from supervision.case_record.chronology import chronology_for
from supervision.models import (
    Allegation,
    AllegationAccount,
    AllegationFinding,
    Case,
    Contact,
    EnforcementDecision,
    PoliceIntelligence,
    Recall,
    VerificationStep,
)
from supervision.services import allegations, programmes, recalls
from supervision.services.compliance import compliance_summary
from supervision.services.contacts import record_outcome
from supervision.services.enforcement import record_enforcement_decision
from supervision.services.risk import record_relationship_disclosure
from supervision.tests.access_factories import managed_team
from supervision.tests.allegation_factories import exclusion_zone
from supervision.tests.factories import CaseFactory, KeyIndividualFactory
from supervision.tests.programme_factories import bbr, programme_condition, programme_session_type

pytestmark = pytest.mark.django_db

Kind = EnforcementDecision.Kind
Outcome = AllegationFinding.Outcome
RELEASED_DAYS_AGO = 130


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def story():
    people = managed_team()
    today = timezone.localdate()
    released = today - timedelta(days=RELEASED_DAYS_AGO)
    case = CaseFactory(
        responsible_officer=people["officer"],
        team=people["team"],
        supervision_type=Case.SupervisionType.LICENCE,
        started_on=released,
        expected_end_on=released + timedelta(days=540),
        rosh=Case.RoSH.HIGH,
    )
    programme_session_type()
    return {
        **people,
        "case": case,
        "zone": exclusion_zone(case),
        "programme_condition": programme_condition(case),
        "day": lambda offset: released + timedelta(days=offset),
    }


def _victim_report(story, offset, *, description):
    day = story["day"](offset)
    return allegations.record_allegation(
        story["case"],
        by=story["officer"],
        received_on=day,
        reported_by=Allegation.ReportedBy.VICTIM,
        channel=Allegation.Channel.VLO_REFERRAL,
        conditions=[story["zone"]],
        description=description,
        alleged_on=day - timedelta(days=1),
        urgency=Allegation.Urgency.URGENT,
        location="Hatherley Road, inside the exclusion zone",
        at=_at(day),
    )


def _accounts_that_conflict(story, allegation, offset):
    day = story["day"](offset)
    for given_by, words in (
        (AllegationAccount.GivenBy.VICTIM, "I saw him walk past my house twice on Sunday afternoon."),
        (AllegationAccount.GivenBy.PERSON, "I was at my mother's all Sunday; she will say so."),
        (AllegationAccount.GivenBy.FAMILY, "He was with me at home all day Sunday."),
    ):
        allegations.add_account(
            allegation, by=story["officer"], given_by=given_by, given_on=day, account=words, at=_at(day)
        )


def _replay_the_allegations(story):
    """Two reports the accounts could not settle, then one confirmed on CCTV."""
    unsettled = []
    for offset in (20, 31):
        allegation = _victim_report(story, offset, description="Seen near the victim's home.")
        _accounts_that_conflict(story, allegation, offset + 2)
        allegations.record_finding(
            allegation,
            by=story["officer"],
            outcome=Outcome.UNABLE_TO_DETERMINE,
            rationale="The victim's account and his mother's contradict each other; no CCTV on that street.",
            decided_on=story["day"](offset + 4),
            at=_at(story["day"](offset + 4)),
        )
        unsettled.append(allegation)
    confirmed = _victim_report(story, 38, description="Seen in the Co-op on Hatherley Road.")
    allegations.add_verification_step(
        confirmed,
        by=story["officer"],
        kind=VerificationStep.Kind.CCTV,
        carried_out_on=story["day"](40),
        result="The shop's CCTV shows him at the till at 14:12.",
        at=_at(story["day"](40)),
    )
    allegations.record_finding(
        confirmed,
        by=story["officer"],
        outcome=Outcome.SUBSTANTIATED,
        rationale="CCTV confirms it and he admits it when shown.",
        decided_on=story["day"](41),
        at=_at(story["day"](41)),
    )
    return unsettled, confirmed


def _replay_the_bbr_session_he_missed(story):
    enrolment = programmes.enrol(
        story["case"],
        by=story["officer"],
        programme=bbr(),
        referred_on=story["day"](14),
        licence_condition=story["programme_condition"],
        started_on=story["day"](100),
    )
    (session,) = programmes.book_sessions(
        enrolment, by=story["officer"], first_at=_at(story["day"](119), 14), now=_at(story["day"](99))
    )
    record_outcome(
        session.contact, outcome=Contact.Outcome.FAILED_TO_ATTEND, by=story["officer"], now=_at(story["day"](119), 17)
    )
    record_outcome(
        session.contact,
        outcome=Contact.Outcome.UNACCEPTABLE_ABSENCE,
        reason="He said he overslept: no good reason.",
        by=story["officer"],
        now=_at(story["day"](122)),
    )
    session.contact.refresh_from_db()
    return session.contact


def test_the_seed_case_is_recorded_as_it_happened_from_allegations_to_recall(story):
    case, officer, manager, head = story["case"], story["officer"], story["manager"], story["head"]
    day = story["day"]

    unsettled, confirmed = _replay_the_allegations(story)
    # Contradictory accounts: recorded, not enforced.
    assert [Allegation.objects.get(pk=a.pk).finding for a in unsettled] == [Outcome.UNABLE_TO_DETERMINE] * 2
    with pytest.raises(RuleBroken):  # a warning with no rationale records nothing
        record_enforcement_decision(case, kind=Kind.WARNING, decided_on=day(42), rationale="", by=officer)
    assert not case.enforcement_decisions.exists()
    with pytest.raises(RuleBroken):  # nor one with no evidence
        record_enforcement_decision(case, kind=Kind.WARNING, decided_on=day(42), rationale="Seen nearby.", by=officer)

    partner = KeyIndividualFactory(case=case, name="Kayleigh Dunn")
    record_relationship_disclosure(
        case, key_individual=partner, learned_on=day(43), is_disclosed_by_person=False, by=officer, source="Police"
    )
    warning = record_enforcement_decision(
        case,
        kind=Kind.WARNING,
        decided_on=day(44),
        rationale="Entered the exclusion zone (CCTV) and did not disclose his relationship with Kayleigh Dunn.",
        allegations=[confirmed],
        by=officer,
        now=_at(day(44)),
    )

    intelligence = allegations.record_police_intelligence(
        case,
        by=officer,
        received_on=day(93),
        source="Wessex Police roads policing",
        description="Stopped driving while disqualified.",
        relevance=PoliceIntelligence.Relevance.HIGH,
    )
    final = record_enforcement_decision(
        case,
        kind=Kind.FINAL_WARNING,
        decided_on=day(95),
        rationale="Driving while disqualified while a warning is in force; agreed at the MAPPA level 2 meeting.",
        police_intelligence=[intelligence],
        by=officer,
        now=_at(day(95)),
    )
    with pytest.raises(RuleBroken):  # a second final warning would not be final
        record_enforcement_decision(
            case,
            kind=Kind.FINAL_WARNING,
            decided_on=day(96),
            rationale="Again.",
            police_intelligence=[intelligence],
            by=officer,
        )

    missed = _replay_the_bbr_session_he_missed(story)
    summary = compliance_summary(case, on=day(123))
    assert {w.kind for w in summary.warnings} == {Kind.WARNING, Kind.FINAL_WARNING}
    assert summary.failures_since_last_warning == 1  # the missed session
    assert summary.sessions_missed == 1

    recommendation = record_enforcement_decision(
        case,
        kind=Kind.RECALL_STANDARD,
        decided_on=day(123),
        rationale="Missed a BBR session without a good reason while on a final warning; his partner is pregnant.",
        alternatives_considered="Further warning: not open. Curfew with tagging: would not manage the risk to her.",
        contacts=[missed],
        by=officer,
        now=_at(day(123), 9),
    )
    recall = recommendation.recall
    assert recall.status == Recall.Status.RECOMMENDED

    # Countersigning before endorsement changes nothing; nobody endorses their own recommendation.
    with pytest.raises(RuleBroken):
        recalls.countersign_recall(recall, by=head, now=_at(day(123), 10))
    with pytest.raises(RuleBroken):
        recalls.endorse_recall(recall, by=officer, now=_at(day(123), 10))
    recalls.endorse_recall(recall, by=manager, now=_at(day(123), 11))
    recalls.countersign_recall(recall, by=head, now=_at(day(123), 13))
    recall.refresh_from_db()
    assert recall.status == Recall.Status.REQUESTED
    recalls.confirm_recall(recall, confirmed_on=day(124), by=officer, now=_at(day(124), 9))

    case.refresh_from_db()
    recall.refresh_from_db()
    assert case.status == Case.Status.RECALLED and case.closed_on == day(124)
    assert recall.status == Recall.Status.CONFIRMED
    assert (recall.endorsed_by, recall.countersigned_by) == (manager, head)
    assert [e.action for e in recall.events.order_by("happened_at", "pk")] == [
        "RECOMMENDED",
        "ENDORSED",
        "COUNTERSIGNED",
        "CONFIRMED",
    ]
    assert list(case.enforcement_decisions.order_by("decided_on").values_list("kind", flat=True)) == [
        Kind.WARNING,
        Kind.FINAL_WARNING,
        Kind.RECALL_STANDARD,
    ]
    assert list(warning.allegations.all()) == [confirmed]
    assert list(final.police_intelligence.all()) == [intelligence]
    assert not case.absence_decision_flags.open().exists()
    assert not case.contact_requirements.filter(ended_on__isnull=True, ends_on__gt=day(124)).exists()

    # The chronology tells the story in order: the reports, the warnings, the missed session, the recall.
    titles = [entry.title for entry in sorted(chronology_for(case), key=lambda entry: entry.at)]
    told = " | ".join(titles)
    for step in (
        "Enforcement decision: warning",
        "Enforcement decision: final warning",
        "Recall recommended",
        "Recall confirmed",
    ):
        assert step.lower() in told.lower(), (step, told)
