"""Opening a case: the PNC number's check letter, generated and entered CRNs, duplicate detection, the sentence
rules, and the case landing in its team's allocation queue with its history and an allocation record."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from caseworks.errors import RuleBroken, RulesBroken
from supervision import roles
from supervision.models import Case, CaseAllocation, Notification, OutboxEmail
from supervision.services import intake
from supervision.services.intake import open_case
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory, StaffFactory, TeamFactory
from supervision.tests.intake_helpers import opening, pnc

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2019/0123456E", "2019/0123456E"),
        (" 2019/123456e ", "2019/0123456E"),  # the serial padded, the letter in capitals
        ("2003/1w", "2003/0000001W"),  # 030000001 mod 23 = 20: W
    ],
)
def test_a_pnc_number_is_stored_in_its_full_form(typed, stored):
    assert intake.normalise_pnc(typed) == stored


def test_the_check_letter_is_the_year_and_serial_modulo_23():
    # 19 0123456 = 190123456; 190123456 mod 23 = 5; the fifth letter after Z is E.
    assert intake.pnc_check_letter("2019", "0123456") == "E"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2019/0123456X", intake.PNC_CHECK_LETTER_WRONG),
        ("19/0123456E", intake.PNC_FORMAT),
        ("2019-0123456E", intake.PNC_FORMAT),
        ("2019/01234567E", intake.PNC_FORMAT),
        ("", intake.PNC_FORMAT),
    ],
)
def test_a_pnc_number_that_is_not_one_is_refused(typed, message):
    with pytest.raises(RuleBroken) as refused:
        intake.normalise_pnc(typed)
    assert refused.value.message == message
    assert refused.value.field == "pnc_number"


def test_opening_a_case_puts_it_in_the_team_allocation_queue_with_a_record_and_history():
    people = managed_team()
    case = open_case(opening(people["team"]), by=people["head"])

    case.refresh_from_db()
    assert case.responsible_officer is None
    assert case.awaiting_allocation_since is not None
    assert case.pnc_number == pnc(123456)
    assert case.postcode == "AV3 7QL"
    assert case.releasing_prison == "HMP Bristol" and case.court == ""
    assert list(Case.objects.awaiting_allocation()) == [case]
    record = case.allocations.get()
    assert record.kind == CaseAllocation.Kind.OPENED
    assert record.to_team == people["team"] and record.by == people["head"]
    assert record.reason == "Licence, released from HMP Bristol."
    assert case.history.get().history_user == people["head"]


def test_the_team_line_managers_are_told_with_an_email_through_the_outbox(django_capture_on_commit_callbacks):
    people = managed_team()
    with django_capture_on_commit_callbacks():
        case = open_case(opening(people["team"]), by=people["head"])

    told = Notification.objects.filter(case=case)
    assert {n.recipient for n in told} == {people["manager"], people["deputy"]}
    assert OutboxEmail.objects.filter(notification__in=told).count() == 2


def test_generated_crns_come_from_the_sequence_and_skip_one_entered_by_hand():
    people = managed_team()
    first = open_case(opening(people["team"]), by=people["head"])
    number = int(first.crn[1:])
    CaseFactory(crn=f"P{number + 1:06d}", team=people["team"], responsible_officer=people["officer"])

    second = open_case(
        opening(people["team"], pnc_number=pnc(222), first_name="Shannon", last_name="Kearney"), by=people["head"]
    )

    assert first.crn.startswith(intake.GENERATED_CRN_LETTER)
    assert int(second.crn[1:]) >= number + 2


def test_an_entered_crn_is_kept_and_one_already_held_is_refused():
    people = managed_team()
    case = open_case(opening(people["team"], crn="X654321"), by=people["head"])
    assert case.crn == "X654321"

    with pytest.raises(RuleBroken) as refused:
        open_case(opening(people["team"], crn="X654321", pnc_number=pnc(9), last_name="Other"), by=people["head"])
    assert refused.value.message == intake.CRN_TAKEN


def test_an_exact_pnc_match_is_refused_naming_the_crn_to_someone_who_may_see_it():
    people = managed_team()
    existing = open_case(opening(people["team"]), by=people["head"])

    with pytest.raises(RuleBroken) as refused:
        open_case(opening(people["team"], first_name="Someone", last_name="Else"), by=people["head"])

    assert existing.crn in refused.value.message
    assert Case.objects.count() == 1


def test_an_exact_pnc_match_in_a_case_the_user_cannot_see_is_refused_without_its_crn():
    here = managed_team()
    next_door = TeamFactory(pdu=here["team"].pdu)
    existing = open_case(opening(next_door), by=here["head"])

    with pytest.raises(RuleBroken) as refused:
        open_case(opening(here["team"], first_name="Someone", last_name="Else"), by=here["manager"])

    assert existing.crn not in refused.value.message
    assert "a team you cannot see" in refused.value.message


def test_the_database_refuses_a_second_case_with_the_same_pnc_number():
    first = CaseFactory(pnc_number=pnc(5))
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFactory(pnc_number=pnc(5), team=first.team)


def test_a_name_and_date_of_birth_match_must_be_confirmed_as_a_different_person():
    people = managed_team()
    existing = open_case(opening(people["team"]), by=people["head"])

    with pytest.raises(intake.PossibleDuplicateFound) as asked:
        open_case(opening(people["team"], pnc_number=pnc(77), first_name="CALLUM"), by=people["head"])
    assert asked.value.field == "is_different_person"
    assert [(m.crn, m.is_visible) for m in asked.value.matches] == [(existing.crn, True)]

    confirmed = open_case(opening(people["team"], pnc_number=pnc(77), is_different_person=True), by=people["head"])
    assert confirmed.pk != existing.pk


def test_a_name_and_date_of_birth_match_the_user_cannot_see_is_not_named():
    here = managed_team()
    elsewhere = managed_team()
    open_case(opening(elsewhere["team"]), by=elsewhere["head"])

    with pytest.raises(intake.PossibleDuplicateFound) as asked:
        open_case(opening(here["team"], pnc_number=pnc(78)), by=here["manager"])

    assert [m.is_visible for m in asked.value.matches] == [False]


def test_a_line_manager_opens_for_teams_in_their_pdu_only():
    here = managed_team()
    same_pdu = TeamFactory(pdu=here["team"].pdu)
    other_pdu = TeamFactory(pdu__region=here["team"].pdu.region)

    assert open_case(opening(same_pdu), by=here["manager"]).team == same_pdu
    with pytest.raises(RuleBroken) as refused:
        open_case(opening(other_pdu, pnc_number=pnc(3), last_name="Other"), by=here["manager"])
    assert refused.value.message == intake.TEAM_NOT_YOURS


@pytest.mark.parametrize("role", [roles.RESPONSIBLE_OFFICER, roles.ADMINISTRATOR, roles.AUDITOR])
def test_officers_administrators_and_auditors_may_not_open_cases(role):
    team = TeamFactory()
    user = StaffFactory(role=role, profile__team=team)
    with pytest.raises(RuleBroken) as refused:
        open_case(opening(team), by=user)
    assert refused.value.message == intake.TEAM_NOT_YOURS
    assert not Case.objects.exists()


def test_every_broken_sentence_rule_is_reported_at_once_and_nothing_is_written():
    people = managed_team()
    started = opening(people["team"]).started_on
    with pytest.raises(RulesBroken) as refused:
        open_case(
            opening(
                people["team"],
                supervision_type=Case.SupervisionType.COMMUNITY_ORDER,
                court="",
                hdc_curfew_ends_on=started + timedelta(days=10),
                expected_end_on=started - timedelta(days=1),
                pnc_number="2019/0123456X",
            ),
            by=people["head"],
        )
    fields = {rule.field for rule in refused.value.every_rule}
    assert fields == {"pnc_number", "court", "hdc_curfew_ends_on", "expected_end_on"}
    assert not Case.objects.exists() and not CaseAllocation.objects.exists()


def test_a_release_needs_its_prison_and_an_hdc_curfew_inside_the_licence():
    people = managed_team()
    base = opening(people["team"])
    with pytest.raises(RulesBroken) as refused:
        open_case(
            opening(people["team"], releasing_prison=" ", hdc_curfew_ends_on=base.expected_end_on + timedelta(days=1)),
            by=people["head"],
        )
    assert {rule.message for rule in refused.value.every_rule} == {intake.PRISON_NEEDED, intake.HDC_WITHIN_LICENCE}
