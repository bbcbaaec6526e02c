"""Factories for contact-frequency rules (kept apart from factories.py so features merge cleanly)."""

from datetime import date, timedelta

import factory

from supervision import models
from supervision.tests.factories import CaseFactory, HomeVisitTypeFactory, StaffFactory


class ContactRuleFactory(factory.django.DjangoModelFactory):
    """A home visit every 14 days for every case, unless told otherwise."""

    class Meta:
        model = models.ContactRule
        django_get_or_create = ["name"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Rule {n}")
    rationale = "Local policy."
    contact_description = "Home visit"
    counts_home_visits = True
    every_days = 14
    # In effect long before the tests' dates, so a test about effective dates sets its own.
    effective_from = date(2020, 1, 1)

    @factory.post_generation
    def contact_types(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.contact_types.set(extracted)

    @factory.post_generation
    def risk_flag_types(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.risk_flag_types.set(extracted)

    @factory.post_generation
    def final_third_exception_flag_types(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.final_third_exception_flag_types.set(extracted)


class CaseContactRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CaseContactRequirement
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    contact_description = "Home visit"
    counts_home_visits = True
    every_days = 7
    reason = "New relationship with a vulnerable, pregnant partner: acute risk factor."
    starts_on = factory.LazyAttribute(lambda r: r.case.started_on)
    ends_on = factory.LazyAttribute(lambda r: r.starts_on + timedelta(days=90))
    set_by = factory.SubFactory(StaffFactory)
    # An early end records who ended it (a CHECK constraint): a test that ends one need only give the date.
    ended_by = factory.LazyAttribute(lambda r: r.set_by if getattr(r, "ended_on", None) else None)

    @factory.post_generation
    def contact_types(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.contact_types.set(extracted)


__all__ = ["CaseContactRequirementFactory", "ContactRuleFactory", "HomeVisitTypeFactory"]
