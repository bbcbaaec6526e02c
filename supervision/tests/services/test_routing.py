"""Routing: line manager → deputy → the PDU's line managers → Head of Public Protection → their deputy → an
unrouted item. Whatever is removed, someone is told or the work is listed for an administrator."""

import logging
from datetime import date, timedelta

import pytest

from supervision import roles
from supervision.models import Notification, OverdueFlag, UnroutedItem
from supervision.services.overdue_contacts import flag_overdue_contacts
from supervision.services.routing import HEAD_OF_PUBLIC_PROTECTION, find_recipient, resolve_unrouted_item, route
from supervision.tests.contact_requirements.helpers import START
from supervision.tests.factories import CaseFactory, HomeVisitTypeFactory, StaffFactory, TeamFactory
from supervision.tests.rule_factories import ContactRuleFactory

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 4)
Kind = UnroutedItem.Kind


@pytest.fixture
def org():
    """An officer whose line manager has a deputy; a second line manager in the team; the region's Head of
    Public Protection with their own deputy (a second Head of Public Protection)."""
    team = TeamFactory()
    manager = StaffFactory(role=roles.LINE_MANAGER, profile__team=team, last_name="Ashdown")
    deputy = StaffFactory(role=roles.LINE_MANAGER, profile__team=team, last_name="Zephyr")
    colleague = StaffFactory(role=roles.LINE_MANAGER, profile__team=team, last_name="Brook")
    officer = StaffFactory(role=roles.RESPONSIBLE_OFFICER, profile__team=team)
    region = team.pdu.region
    head = StaffFactory(role=roles.HEAD_OF_PUBLIC_PROTECTION, profile__team=None, profile__region=region, last_name="A")
    head_deputy = StaffFactory(
        role=roles.HEAD_OF_PUBLIC_PROTECTION, profile__team=None, profile__region=None, last_name="Deputy"
    )
    # The deputy Head of Public Protection covers from a neighbouring region... and cannot see this case.
    officer.profile.line_manager = manager
    officer.profile.save()
    manager.profile.deputy = deputy
    manager.profile.save()
    head.profile.deputy = head_deputy
    head.profile.save()
    case = CaseFactory(responsible_officer=officer, team=team)
    return {
        "case": case,
        "manager": manager,
        "deputy": deputy,
        "colleague": colleague,
        "head": head,
        "head_deputy": head_deputy,
        "region": region,
    }


def _away(user):
    user.profile.absent_from, user.profile.absent_until = DAY - timedelta(days=1), DAY + timedelta(days=1)
    user.profile.save()


def _route(case):
    return route(case, on=DAY, kind=Kind.ENDORSEMENT_REQUEST, object_key=f"test:{case.pk}")


def test_removing_managers_one_by_one_someone_is_always_told_or_the_work_is_listed(org, caplog):
    case = org["case"]
    assert _route(case) == org["manager"]
    _away(org["manager"])
    assert _route(case) == org["deputy"]  # the line manager's named deputy
    org["deputy"].is_active = False
    org["deputy"].save()
    assert _route(case) == org["colleague"]  # another line manager of the PDU who can see the case
    org["colleague"].groups.clear()
    assert _route(case) == org["head"]
    _away(org["head"])
    # The Head of Public Protection's deputy is from another region and cannot see the case: skipped.
    with caplog.at_level(logging.ERROR, logger="supervision.services.routing"):
        assert _route(case) is None
    item = UnroutedItem.objects.get()
    assert (item.kind, item.case, item.resolved_at) == (Kind.ENDORSEMENT_REQUEST, case, None)
    assert "cannot see the case" in item.reason and "absent" in item.reason
    assert "Unrouted" in caplog.text
    assert _route(case) is None
    assert UnroutedItem.objects.count() == 1  # a rerun adds nothing
    # Give the deputy Head of Public Protection the region: they are told, and the item resolves itself.
    org["head_deputy"].profile.region = org["region"]
    org["head_deputy"].profile.save()
    assert _route(case) == org["head_deputy"]
    item.refresh_from_db()
    assert item.resolved_at is not None


def test_a_person_with_no_staff_profile_or_no_access_is_never_chosen(org):
    org["manager"].profile.team = TeamFactory()  # moved to another team: cannot see the case
    org["manager"].profile.save()
    recipient, skipped = find_recipient(org["case"], on=DAY)
    assert recipient == org["deputy"]
    assert skipped == [f"{org['manager'].username} (line manager): cannot see the case"]


def test_an_escalation_step_up_starts_at_the_head_of_public_protection(org):
    recipient, _ = find_recipient(org["case"], on=DAY, starting_at=HEAD_OF_PUBLIC_PROTECTION)
    assert recipient == org["head"]


def test_an_unrouted_item_can_be_marked_dealt_with_and_a_new_one_opens_if_it_happens_again(org):
    for person in ("manager", "deputy", "colleague", "head", "head_deputy"):
        org[person].is_active = False
        org[person].save()
    assert _route(org["case"]) is None
    admin = StaffFactory(role=roles.ADMINISTRATOR)
    item = resolve_unrouted_item(UnroutedItem.objects.get(), by=admin)
    assert item.resolved_by == admin
    assert _route(org["case"]) is None
    assert UnroutedItem.objects.open().count() == 1 and UnroutedItem.objects.count() == 2


def test_an_overdue_contact_alert_reaches_the_deputy_when_the_line_manager_is_away(org):
    HomeVisitTypeFactory()
    ContactRuleFactory(name="Home visit every 14 days", every_days=14, notify_line_manager_after_days=5)
    case = CaseFactory(started_on=START, responsible_officer=org["case"].responsible_officer, team=org["case"].team)
    first_day = START + timedelta(days=15)
    flag_overdue_contacts(on=first_day)
    org["manager"].profile.absent_from = first_day
    org["manager"].profile.save()
    flag_overdue_contacts(on=first_day + timedelta(days=5))
    digest = Notification.objects.get(event_key__startswith="overdue-digest:")  # managers get one a day
    assert digest.recipient == org["deputy"] and case.crn in digest.body


def test_an_overdue_contact_alert_nobody_can_take_is_listed_not_dropped_and_sent_once_someone_can(org):
    """Before: the alert went to a line manager who could not see the case, was dropped, and the flag was
    still marked as notified, so nobody was ever told."""
    HomeVisitTypeFactory()
    ContactRuleFactory(name="Home visit every 14 days", every_days=14, notify_line_manager_after_days=5)
    CaseFactory(started_on=START, responsible_officer=org["case"].responsible_officer, team=org["case"].team)
    for person in ("manager", "deputy", "colleague", "head", "head_deputy"):
        org[person].profile.team = TeamFactory()  # nobody left who can see the case
        org[person].profile.region = None
        org[person].profile.save()
    first_day = START + timedelta(days=15)
    flag_overdue_contacts(on=first_day)
    flag_overdue_contacts(on=first_day + timedelta(days=5))
    flag_overdue_contacts(on=first_day + timedelta(days=6))
    flag = OverdueFlag.objects.get()
    assert flag.line_manager_notified_at is None
    item = UnroutedItem.objects.get()
    assert (item.kind, item.object_key) == (Kind.OVERDUE_CONTACT_ALERT, f"overdue-flag:{flag.pk}")
    org["deputy"].profile.team = org["case"].team
    org["deputy"].profile.save()
    flag_overdue_contacts(on=first_day + timedelta(days=7))
    digest = Notification.objects.get(event_key__startswith="overdue-digest:")
    assert digest.recipient == org["deputy"] and flag.case.crn in digest.body
    flag.refresh_from_db()
    item.refresh_from_db()
    assert flag.line_manager_notified_at is not None and item.resolved_at is not None
