"""A team with everyone the access policy tells apart: the responsible officer, their line manager (with a
deputy), another officer in the team, and the region's Head of Public Protection."""

from supervision import roles
from supervision.tests.factories import StaffFactory, TeamFactory


def managed_team(*, region=None):
    team = TeamFactory(**({"pdu__region": region} if region else {}))
    manager = StaffFactory(role=roles.LINE_MANAGER, profile__team=team, profile__grade="SPO", last_name="Manager")
    deputy = StaffFactory(role=roles.LINE_MANAGER, profile__team=team, profile__grade="SPO", last_name="Deputy")
    officer = StaffFactory(role=roles.RESPONSIBLE_OFFICER, profile__team=team)
    colleague = StaffFactory(role=roles.RESPONSIBLE_OFFICER, profile__team=team)
    head = StaffFactory(
        role=roles.HEAD_OF_PUBLIC_PROTECTION, profile__team=None, profile__region=team.pdu.region, profile__grade="HOPP"
    )
    officer.profile.line_manager = manager
    officer.profile.save()
    manager.profile.deputy = deputy
    manager.profile.line_manager = head
    manager.profile.save()
    return {
        "team": team,
        "officer": officer,
        "manager": manager,
        "deputy": deputy,
        "colleague": colleague,
        "head": head,
    }
