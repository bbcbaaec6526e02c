"""templates/base.html: the page for a staff service, not for GOV.UK (no crown, no GOV.UK logotype, no OGL)."""

import pytest
from django.test import Client
from django.urls import reverse

from supervision.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

GOV_UK_ONLY = [
    "govuk-header__logotype",  # the GOV.UK logotype in the GOV.UK header
    "govuk-footer__crown",
    "govuk-footer__copyright-logo",  # the Royal Arms crest beside "© Crown copyright"
    "Open Government Licence",
    "govuk-icon-mask.svg",  # GOV.UK Frontend's crown favicons and manifest
    "favicon.ico",
    "manifest.json",
]


def test_the_header_is_the_generic_header_and_nothing_on_the_page_belongs_to_gov_uk(client):
    html = client.get(reverse("login")).content.decode()

    assert '<div class="govuk-generic-header">' in html
    assert 'class="govuk-generic-header__homepage-link">HM Prison and Probation Service</a>' in html
    assert 'class="govuk-service-navigation__link">Caseworks</a>' in html
    assert '<div class="govuk-footer__meta-custom">Caseworks is for probation staff only.</div>' in html
    for text in GOV_UK_ONLY:
        assert text not in html


def test_a_signed_in_officer_sees_their_navigation_notifications_and_sign_out():
    client = Client()
    client.force_login(StaffFactory(first_name="Asha", last_name="Patel"))

    html = client.get(reverse("supervision:caseload")).content.decode()

    assert '<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">' in html
    assert 'aria-current="page"' in html and "My caseload" in html
    assert "app-service-navigation__notifications" in html
    assert '<span class="govuk-visually-hidden">Signed in as </span>Asha Patel' in html
    assert ">Sign out</button>" in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
