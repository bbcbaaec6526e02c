"""Factories: each makes a valid object from a bare call."""

from datetime import date, timedelta

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from supervision import models, roles

TEST_PASSWORD = "correct-horse-battery"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Region
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Region {n}")


class PDUFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PDU

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"PDU {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Team

    pdu = factory.SubFactory(PDUFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@probation.example")
    password = factory.django.Password(TEST_PASSWORD)


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StaffProfile

    user = factory.SubFactory(UserFactory)
    grade = models.StaffProfile.Grade.PO
    team = factory.SubFactory(TeamFactory)


class StaffFactory(UserFactory):
    """A member of staff with a profile and a role: `StaffFactory(role=roles.LINE_MANAGER, profile__team=team)`."""

    class Meta:
        skip_postgeneration_save = True

    profile = factory.RelatedFactory(StaffProfileFactory, factory_related_name="user")

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get_or_create(name=extracted or roles.RESPONSIBLE_OFFICER)[0])


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Case

    crn = factory.Sequence(lambda n: f"X{n + 100000:06d}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = date(1990, 5, 17)
    address = "12 Example Street\nAnytown"
    postcode = "AN1 2BC"
    supervision_type = models.Case.SupervisionType.LICENCE
    started_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    expected_end_on = factory.LazyAttribute(lambda c: c.started_on + timedelta(days=365))
    rosh = models.Case.RoSH.MEDIUM
    tier = models.Case.Tier.C
    status = models.Case.Status.ACTIVE
    # A closed or recalled case has its day and reason (a CHECK constraint): a test need only give the status.
    closed_on = factory.LazyAttribute(lambda c: None if c.status == "ACTIVE" else timezone.localdate())
    closure_reason = factory.LazyAttribute(
        lambda c: "" if c.status == "ACTIVE" else "RECALLED" if c.status == "RECALLED" else "SENTENCE_ENDED"
    )
    responsible_officer = factory.SubFactory(StaffFactory)
    team = factory.LazyAttribute(lambda c: c.responsible_officer.profile.team)


class KeyIndividualFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.KeyIndividual

    case = factory.SubFactory(CaseFactory)
    name = factory.Faker("name", locale="en_GB")
    relationship = models.KeyIndividual.Relationship.MOTHER


class RiskFlagTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RiskFlagType
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"RF{n}")
    name = factory.Sequence(lambda n: f"Risk flag {n}")
    review_every_months = 6


class RiskFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RiskFlag

    case = factory.SubFactory(CaseFactory)
    flag_type = factory.SubFactory(RiskFlagTypeFactory)
    started_on = factory.LazyAttribute(lambda f: f.case.started_on)
    next_review_on = factory.LazyAttribute(lambda f: f.started_on + timedelta(days=91))
    # An ended flag says why (a CHECK constraint): a test that ends one need only give the date.
    end_reason = factory.LazyAttribute(lambda f: "No longer needed." if getattr(f, "ended_on", None) else "")


class LicenceConditionTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LicenceConditionType
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"LC{n}")
    category = models.LicenceConditionType.Category.STANDARD
    name = factory.Sequence(lambda n: f"Condition {n}")
    default_wording = "Be of good behaviour and not behave in a way which undermines the purpose of the licence period."


class LicenceConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LicenceCondition

    case = factory.SubFactory(CaseFactory)
    condition_type = factory.SubFactory(LicenceConditionTypeFactory)
    wording = factory.LazyAttribute(lambda c: c.condition_type.default_wording)
    started_on = factory.LazyAttribute(lambda c: c.case.started_on)


class ContactTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ContactType
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"CT{n}")
    name = factory.Sequence(lambda n: f"Contact type {n}")
    group = models.ContactType.Group.APPOINTMENT
    channel = models.ContactType.Channel.OFFICE
    is_enforceable = True
    is_outcome_required = True
    is_bookable = True


class HomeVisitTypeFactory(ContactTypeFactory):
    code = "CHVS"
    name = "Home visit"
    group = models.ContactType.Group.HOME_VISIT
    channel = models.ContactType.Channel.HOME
    is_home_visit = True


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Contact

    case = factory.SubFactory(CaseFactory)
    contact_type = factory.SubFactory(ContactTypeFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    made_by = models.Contact.MadeBy.RESPONSIBLE_OFFICER
    made_by_user = factory.LazyAttribute(lambda c: c.case.responsible_officer)
    outcome = models.Contact.Outcome.ATTENDED_COMPLIED
    recorded_by = factory.LazyAttribute(lambda c: c.case.responsible_officer)
    # As recording the outcome does (the database refuses one without the other).
    evidence_due_on = factory.LazyAttribute(
        lambda c: (
            c.starts_at.date() + timedelta(days=7) if c.outcome == models.Contact.Outcome.FAILED_TO_ATTEND else None
        )
    )
    absence_reason = factory.LazyAttribute(
        lambda c: models.Contact.AbsenceReason.MEDICAL if c.outcome == models.Contact.Outcome.ACCEPTABLE_ABSENCE else ""
    )


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Notification

    recipient = factory.SubFactory(StaffFactory)
    event_key = factory.Sequence(lambda n: f"test-event:{n}")
    subject = "Something needs your attention"
    body = "Details of the event."


class AcuteRiskFactorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AcuteRiskFactor

    case = factory.SubFactory(CaseFactory)
    description = "New relationship with a vulnerable partner who is pregnant"
    identified_on = factory.LazyFunction(timezone.localdate)
    raised_by = factory.LazyAttribute(lambda f: f.case.responsible_officer)


def at(year, month, day, hour=12, minute=0):
    """An aware datetime in the UK's time zone."""
    from datetime import datetime

    return timezone.make_aware(datetime(year, month, day, hour, minute))
