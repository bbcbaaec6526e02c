"""Changes to a case: each one service, in one transaction, with who, when, why and the old and new values."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from caseworks.errors import RuleBroken
from caseworks.submissions import StaleEdit
from supervision.contact_requirements import contact_requirements
from supervision.models import Case, CaseAddress, CaseChange
from supervision.services import case_changes as services
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory, HomeVisitTypeFactory
from supervision.tests.rule_factories import ContactRuleFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def team():
    return managed_team()


@pytest.fixture
def case(team):
    return CaseFactory(
        responsible_officer=team["officer"],
        team=team["team"],
        address="27 Larkspur Road\nAvonford",
        postcode="AV4 7QT",
        started_on=TODAY - timedelta(days=60),
    )


def _messages(error: RuleBroken) -> set[str]:
    return {rule.message for rule in error.every_rule}


def move(case, by, **overrides):
    details = {
        "address": "Larkspur House Approved Premises\n3 Mill Lane\nAvonford",
        "postcode": "av1 2aa",
        "moved_on": TODAY - timedelta(days=2),
        "is_approved_premises": True,
        "approved_premises_ends_on": TODAY + timedelta(days=84),
        "reason": "Moved to approved premises after the acute risk factor.",
    }
    return services.move_address(case, by=by, **{**details, **overrides})


def test_a_move_keeps_the_old_address_and_mirrors_the_new_one_on_the_case(case, team):
    change = move(case, team["officer"])

    case.refresh_from_db()
    assert (case.address.splitlines()[0], case.postcode) == ("Larkspur House Approved Premises", "AV1 2AA")
    old, new = CaseAddress.objects.filter(case=case).order_by("starts_on")
    assert (old.address, old.starts_on, old.is_approved_premises) == (
        "27 Larkspur Road\nAvonford",
        case.started_on,
        False,
    )
    assert (new.starts_on, new.is_approved_premises, new.change) == (TODAY - timedelta(days=2), True, change)
    assert change.kind == CaseChange.Kind.ADDRESS_MOVE and change.changed_by == team["officer"]
    assert change.changes["postcode"] == {"from": "AV4 7QT", "to": "AV1 2AA"}
    assert change.changes["is_approved_premises"] == {"from": False, "to": True}
    assert change.effective_on == TODAY - timedelta(days=2)
    assert case.history.first().history_user == team["officer"]
    assert case.version == 2


def test_a_move_checks_every_rule_at_once_and_writes_nothing(case, team):
    with pytest.raises(RuleBroken) as refused:
        move(
            case,
            team["officer"],
            address=" ",
            moved_on=TODAY + timedelta(days=1),
            approved_premises_ends_on=None,
            reason="",
        )
    assert _messages(refused.value) == {
        services.ADDRESS_REQUIRED,
        services.MOVED_IN_THE_FUTURE,
        services.AP_END_REQUIRED,
        services.REASON_REQUIRED,
    }
    assert not CaseChange.objects.exists() and not CaseAddress.objects.exists()


def test_approved_premises_need_an_expected_end_after_the_move(case, team):
    with pytest.raises(RuleBroken) as refused:
        move(case, team["officer"], approved_premises_ends_on=TODAY - timedelta(days=2))
    assert refused.value.message == services.AP_END_NOT_AFTER_MOVE


def test_an_ordinary_address_drops_an_expected_end_typed_before_no_was_chosen(case, team):
    move(case, team["officer"], is_approved_premises=False)
    assert CaseAddress.objects.get(change__isnull=False).approved_premises_ends_on is None


def test_a_move_cannot_predate_the_current_address(case, team):
    move(case, team["officer"])
    with pytest.raises(RuleBroken) as refused:
        move(case, team["officer"], moved_on=TODAY - timedelta(days=10), address="Elsewhere")
    assert refused.value.field == "moved_on"


def test_a_correction_amends_the_current_address_and_keeps_the_wrong_wording(case, team):
    services.correct_address(
        case,
        address="72 Larkspur Road\nAvonford",
        postcode="AV4 7QT",
        reason="Door number typed wrongly",
        by=team["officer"],
    )
    wrong, right = CaseAddress.objects.filter(case=case).order_by("pk")
    assert right.corrects == wrong and right.starts_on == wrong.starts_on
    assert list(CaseAddress.objects.standing()) == [right]
    change = CaseChange.objects.get()
    assert change.kind == CaseChange.Kind.ADDRESS_CORRECTION
    assert change.changes == {"address": {"from": "27 Larkspur Road\nAvonford", "to": "72 Larkspur Road\nAvonford"}}


def test_a_correction_that_changes_nothing_is_refused(case, team):
    with pytest.raises(RuleBroken) as refused:
        services.correct_address(case, address=case.address, postcode="av4 7qt", reason="Checked", by=team["officer"])
    assert refused.value.message == services.NOTHING_CHANGED


def test_a_rosh_reassessment_records_the_level_and_the_date_of_the_assessment(case, team):
    change = services.reassess_rosh(
        case,
        rosh=Case.RoSH.HIGH,
        assessed_on=TODAY,
        reason="New partner is pregnant and vulnerable",
        by=team["officer"],
    )
    case.refresh_from_db()
    assert (case.rosh, case.rosh_assessed_on) == (Case.RoSH.HIGH, TODAY)
    assert change.changes["rosh"] == {"from": "MEDIUM", "to": "HIGH"}
    assert change.changes["rosh_assessed_on"] == {"from": None, "to": TODAY.isoformat()}


def test_the_same_rosh_on_a_later_assessment_is_a_reassessment_but_an_earlier_one_is_refused(case, team):
    services.reassess_rosh(
        case, rosh="MEDIUM", assessed_on=TODAY - timedelta(days=5), reason="Review", by=team["officer"]
    )
    services.reassess_rosh(case, rosh="MEDIUM", assessed_on=TODAY, reason="Review", by=team["officer"])
    with pytest.raises(RuleBroken) as refused:
        services.reassess_rosh(
            case, rosh="HIGH", assessed_on=TODAY - timedelta(days=9), reason="Late", by=team["officer"]
        )
    assert refused.value.field == "assessed_on"
    assert CaseChange.objects.count() == 2


def test_the_officer_may_not_change_the_tier_but_their_line_manager_may(case, team):
    with pytest.raises(RuleBroken) as refused:
        services.change_tier(case, tier="A", reason="Raised", by=team["officer"])
    assert refused.value.message == services.NOT_ALLOWED
    change = services.change_tier(case, tier="A", reason="Raised after the MAPPA decision", by=team["manager"])
    assert change.changes == {"tier": {"from": "C", "to": "A"}}


def test_mappa_category_and_level_change_together(case, team):
    with pytest.raises(RuleBroken) as refused:
        services.correct_mappa(case, category=2, level=None, reason="x", by=team["manager"])
    assert refused.value.message == services.MAPPA_TOGETHER
    services.correct_mappa(case, category=2, level=2, reason="Level set by the MAPPA meeting", by=team["manager"])
    case.refresh_from_db()
    assert (case.mappa_category, case.mappa_level) == (2, 2)


def test_the_database_refuses_a_mappa_level_without_a_category(case):
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(mappa_level=2)


def test_supervision_dates_are_checked_together(case, team):
    with pytest.raises(RuleBroken) as refused:
        services.change_supervision(
            case,
            supervision_type=Case.SupervisionType.COMMUNITY_ORDER,
            started_on=case.started_on,
            expected_end_on=case.started_on - timedelta(days=1),
            hdc_curfew_ends_on=case.started_on + timedelta(days=10),
            reason="Sentence corrected",
            by=team["manager"],
        )
    assert _messages(refused.value) == {services.ENDS_BEFORE_START, services.CURFEW_NOT_LICENCE}


def test_a_supervision_change_records_each_date_that_changed(case, team):
    curfew = case.started_on + timedelta(days=30)
    change = services.change_supervision(
        case,
        supervision_type=Case.SupervisionType.LICENCE,
        started_on=case.started_on,
        expected_end_on=case.expected_end_on + timedelta(days=14),
        hdc_curfew_ends_on=curfew,
        reason="Licence end date recalculated by the prison",
        by=team["head"],
    )
    assert set(change.changes) == {"expected_end_on", "hdc_curfew_ends_on"}
    case.refresh_from_db()
    assert case.hdc_curfew_ends_on == curfew


def test_a_change_from_a_stale_form_is_refused_and_writes_nothing(case, team):
    opened_at = case.version
    services.reassess_rosh(case, rosh="HIGH", assessed_on=TODAY, reason="Acute risk", by=team["officer"])
    with pytest.raises(StaleEdit):
        services.change_tier(case, tier="B", reason="Raised", by=team["manager"], expected_version=opened_at)
    case.refresh_from_db()
    assert case.tier == "C" and CaseChange.objects.count() == 1


def test_a_licence_variation_is_recorded_with_who_authorised_it(case, team):
    change = services.record_licence_variation(
        case,
        varied_on=TODAY,
        what_changed="Exclusion zone extended to Mill Lane",
        authorised_by="Governor, HMP Avonford",
        reason="Victim moved",
        by=team["officer"],
    )
    assert (change.kind, change.authorised_by) == (CaseChange.Kind.LICENCE_VARIATION, "Governor, HMP Avonford")
    assert change.changes == {"licence": {"from": None, "to": "Exclusion zone extended to Mill Lane"}}


def test_a_community_order_has_no_licence_to_vary(team):
    order = CaseFactory(responsible_officer=team["officer"], supervision_type=Case.SupervisionType.COMMUNITY_ORDER)
    with pytest.raises(RuleBroken) as refused:
        services.record_licence_variation(
            order, varied_on=TODAY, what_changed="x", authorised_by="y", reason="z", by=team["officer"]
        )
    assert refused.value.message == services.NOT_A_LICENCE


def test_a_closed_case_cannot_be_changed(team):
    closed = CaseFactory(responsible_officer=team["officer"], status=Case.Status.CLOSED)
    with pytest.raises(RuleBroken) as refused:
        services.reassess_rosh(closed, rosh="HIGH", assessed_on=TODAY, reason="x", by=team["officer"])
    assert refused.value.message == services.CASE_NOT_ACTIVE


def test_change_rows_are_append_only(case, team):
    change = services.change_tier(case, tier="B", reason="Raised", by=team["manager"])
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE supervision_casechange SET reason = 'rewritten' WHERE id = %s", [change.pk])


def test_a_rosh_change_moves_the_case_to_the_other_rules_requirement_on_the_next_computation(case, team):
    HomeVisitTypeFactory()
    medium = ContactRuleFactory(name="Medium RoSH: home visit every 28 days", rosh_levels=["MEDIUM"], every_days=28)
    high = ContactRuleFactory(
        name="High RoSH: home visit every 7 days", rosh_levels=["HIGH", "VERY_HIGH"], every_days=7
    )

    def rules_on_case():
        return {s.requirement.key for s in contact_requirements(on=TODAY, cases=Case.objects.filter(pk=case.pk))}

    assert rules_on_case() == {("rule", medium.pk)}
    services.reassess_rosh(case, rosh="HIGH", assessed_on=TODAY, reason="Acute risk factor", by=team["officer"])
    assert rules_on_case() == {("rule", high.pk)}
