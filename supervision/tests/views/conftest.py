"""The case most page tests use: one record of every kind, so every case URL has an id to open."""

import pytest

from caseworks.tests.form_client import FormClient
from supervision.tests.factories import (
    AcuteRiskFactorFactory,
    CaseFactory,
    ContactFactory,
    KeyIndividualFactory,
    LicenceConditionFactory,
    RiskFlagFactory,
)


@pytest.fixture
def case():
    case = CaseFactory(crn="D482913", address="27 Larkspur Road\nAvonford", postcode="AV4 7QT")
    ContactFactory(case=case)
    LicenceConditionFactory(case=case)
    KeyIndividualFactory(case=case)
    RiskFlagFactory(case=case)
    AcuteRiskFactorFactory(case=case)
    return case


@pytest.fixture
def client():
    """Every post opens its form first, so it carries the form's token and version (see FormClient)."""
    return FormClient()
