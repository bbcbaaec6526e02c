"""Factories for the mappa app: each makes a valid object from a bare call."""

from datetime import timedelta

import factory
from django.utils import timezone

from mappa import models
from supervision import roles
from supervision.tests.factories import CaseFactory, StaffFactory, TeamFactory


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Agency
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = models.Agency.Kind.CHILDRENS_SOCIAL_CARE


class MappaUnitFactory(AgencyFactory):
    name = "Test MAPPA Unit"
    kind = models.Agency.Kind.MAPPA_UNIT


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Referral

    case = factory.SubFactory(CaseFactory)
    agency = factory.SubFactory(AgencyFactory)
    kind = models.Referral.Kind.CHILDRENS_SOCIAL_CARE
    status = models.Referral.Status.SENT
    reason = "New partner is pregnant and vulnerable."
    sent_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    response_due_on = factory.LazyAttribute(lambda r: r.sent_on + timedelta(days=14) if r.sent_on else None)
    created_by = factory.LazyAttribute(lambda r: r.case.responsible_officer)
    # What the status implies, as the services record it (the database refuses the contradiction).
    decision = factory.LazyAttribute(
        lambda r: {
            models.Referral.Status.ACCEPTED: models.Referral.Decision.ACCEPTED_LEVEL_2,
            models.Referral.Status.REJECTED: models.Referral.Decision.REJECTED_REMAIN_LEVEL_1,
            models.Referral.Status.UNDER_REVIEW: models.Referral.Decision.REJECTED_REMAIN_LEVEL_1,
        }.get(r.status, "")
    )
    decided_at = factory.LazyAttribute(
        lambda r: timezone.now() if r.decision or r.status == models.Referral.Status.RESPONDED else None
    )
    acknowledged_on = factory.LazyAttribute(
        lambda r: (
            r.sent_on
            if r.status in (models.Referral.Status.ACKNOWLEDGED, models.Referral.Status.AWAITING_INFORMATION)
            else None
        )
    )


class MappaReferralFactory(ReferralFactory):
    agency = factory.SubFactory(MappaUnitFactory)
    kind = models.Referral.Kind.MAPPA_LEVEL_2
    mappa_category = 2
    reason = "Complex domestic abuse and safeguarding concerns need multi-agency management."


class RejectedMappaReferralFactory(MappaReferralFactory):
    status = models.Referral.Status.REJECTED
    decision_reason = "The officer is communicating sufficiently with everyone involved."


def coordinator_for(*, pdu=None, region=None, **user):
    """A member of staff with the MAPPA co-ordinator role and a seat for the PDU or the region."""
    staff = StaffFactory(role=roles.MAPPA_COORDINATOR, profile__team=None, profile__grade="SPO", **user)
    models.MappaCoordinator.objects.create(user=staff, pdu=pdu, region=region)
    return staff


def managed_team(*, region=None):
    """A team with an officer, their line manager (with a deputy), the region's Head of Public Protection, and
    the MAPPA co-ordinator for the team's PDU."""
    team = TeamFactory(**({"pdu__region": region} if region else {}))
    manager = StaffFactory(role=roles.LINE_MANAGER, profile__team=team, profile__grade="SPO", last_name="Manager")
    deputy = StaffFactory(role=roles.LINE_MANAGER, profile__team=team, profile__grade="SPO", last_name="Deputy")
    officer = StaffFactory(role=roles.RESPONSIBLE_OFFICER, profile__team=team)
    head = StaffFactory(
        role=roles.HEAD_OF_PUBLIC_PROTECTION, profile__team=None, profile__region=team.pdu.region, profile__grade="HOPP"
    )
    officer.profile.line_manager = manager
    officer.profile.save()
    manager.profile.deputy = deputy
    manager.profile.line_manager = head
    manager.profile.save()
    coordinator = coordinator_for(pdu=team.pdu, last_name="Coordinator")
    return {
        "team": team,
        "officer": officer,
        "manager": manager,
        "deputy": deputy,
        "head": head,
        "coordinator": coordinator,
    }


class EscalationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Escalation

    referral = factory.SubFactory(RejectedMappaReferralFactory)
    level = models.Escalation.Level.LINE_MANAGER
    assigned_to = factory.SubFactory(StaffFactory, role=roles.LINE_MANAGER)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))


class MappaMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MappaMeeting

    case = factory.SubFactory(CaseFactory)
    held_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    level = 2
    chair = "DI Sarah Kent, Wessex Police"
    attendees = "Probation: the responsible officer\nPolice: DI Sarah Kent"
    recorded_by = factory.LazyAttribute(lambda m: m.case.responsible_officer)


class MappaActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MappaAction

    meeting = factory.SubFactory(MappaMeetingFactory)
    description = "Police to share intelligence on vehicle use."
    owner_name = "DI Sarah Kent"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
