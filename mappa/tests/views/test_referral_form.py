"""Making a referral: the agency list fits the kind of referral and chooses nothing for the officer; the MAPPA
questions show only under the MAPPA kinds and what was typed in them is dropped for any other kind."""

import pytest
from crispy_forms.utils import render_crispy_form
from django.urls import reverse

from mappa.forms.referrals import AGENCY_KINDS_FOR, ReferralForm, agency_does_not_fit
from mappa.models import Agency, Referral
from mappa.tests.factories import AgencyFactory, MappaUnitFactory, managed_team
from supervision.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

TOKEN = "5b1c1f3a-7d0e-4a43-9a3e-1f0c0d1b2a11"


@pytest.fixture
def case():
    people = managed_team()
    return CaseFactory(responsible_officer=people["officer"], team=people["team"], mappa_category=2, mappa_level=1)


@pytest.fixture
def agencies():
    return {
        "adult": AgencyFactory(name="Adult Social Care", kind=Agency.Kind.ADULT_SOCIAL_CARE),
        "children": AgencyFactory(name="Avonford Children's Services", kind=Agency.Kind.CHILDRENS_SOCIAL_CARE),
        "police": AgencyFactory(name="Avonford Police", kind=Agency.Kind.POLICE),
        "unit": MappaUnitFactory(),
    }


def _post(**data):
    return {"reason": "Pregnant partner; safeguarding concerns.", "submission_token": TOKEN, **data}


def test_the_agency_list_starts_with_nothing_chosen_and_each_option_says_its_kind(case, agencies):
    form = ReferralForm(case=case)
    html = render_crispy_form(form)
    select = html.split('name="agency"')[1].split("</select>")[0]
    assert '<option value="" selected>Select an agency</option>' in select
    assert f'value="{agencies["children"].pk}" data-agency-kind="CSC"' in select
    assert "data-agency-kinds-for=" in html
    assert "selected>Adult Social Care" not in select


def test_a_childrens_social_care_referral_to_another_kind_of_agency_is_refused_on_the_field(client, case, agencies):
    client.force_login(case.responsible_officer)
    url = reverse("mappa:referral-new", args=[case.crn])
    response = client.post(url, _post(kind="CSC", agency=agencies["adult"].pk))
    assert response.status_code == 200
    assert response.context["form"].errors == {"agency": [agency_does_not_fit(Referral.Kind.CHILDRENS_SOCIAL_CARE)]}
    assert "Select a children&#x27;s social care agency" in response.text
    assert not Referral.objects.exists()
    assert client.post(url, _post(kind="CSC", agency=agencies["children"].pk)).status_code == 302
    assert Referral.objects.get().agency == agencies["children"]


def test_no_agency_chosen_is_an_error_not_a_default(client, case, agencies):
    client.force_login(case.responsible_officer)
    response = client.post(reverse("mappa:referral-new", args=[case.crn]), _post(kind="CSC", agency=""))
    assert response.context["form"].errors["agency"] == ["Select the agency"]


def test_every_kind_with_its_own_agencies_refuses_the_others():
    for kind, fits in AGENCY_KINDS_FOR.items():
        assert fits, kind
    assert Referral.Kind.OTHER not in AGENCY_KINDS_FOR  # "Other agency" may go to any


def test_mappa_questions_are_revealed_only_under_the_mappa_kinds(case, agencies):
    html = render_crispy_form(ReferralForm(case=case))
    assert html.count("data-aria-controls=") == 2
    level_2 = html.split('id="conditional-id_kind-1"')[1].split('id="id_kind_2"')[0]
    assert 'name="mappa_category"' in level_2 and 'name="level_justification"' not in level_2
    level_3 = html.split('id="conditional-id_kind-2"')[1].split('id="id_kind_3"')[0]
    assert 'name="level_3_category"' in level_3 and 'name="level_justification"' in level_3
    after = html.split('id="id_kind_3"')[1]
    assert "category" not in after.split('name="agency"')[0]  # nothing MAPPA under the other kinds
    form = ReferralForm(case=case)
    assert form.initial["mappa_category"] == form.initial["level_3_category"] == 2  # the case's category


def test_mappa_answers_typed_before_choosing_another_kind_are_not_saved(client, case, agencies):
    client.force_login(case.responsible_officer)
    response = client.post(
        reverse("mappa:referral-new", args=[case.crn]),
        _post(
            kind="CSC",
            agency=agencies["children"].pk,
            mappa_category="2",
            level_3_category="3",
            level_justification="Typed while level 3 was chosen",
        ),
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.mappa_category, referral.level_justification) == (None, "")


def test_a_level_3_referral_takes_its_category_and_justification_from_its_own_reveal(client, case, agencies):
    client.force_login(case.responsible_officer)
    url = reverse("mappa:referral-new", args=[case.crn])
    missing = client.post(url, _post(kind="MAPPA3", agency=agencies["unit"].pk, mappa_category="2"))
    assert set(missing.context["form"].errors) == {"level_3_category", "level_justification"}
    made = client.post(
        url,
        _post(
            kind="MAPPA3",
            agency=agencies["unit"].pk,
            mappa_category="1",
            level_3_category="2",
            level_justification="Level 2 cannot deliver the police resources needed.",
        ),
    )
    assert made.status_code == 302
    referral = Referral.objects.get()
    assert (referral.kind, referral.mappa_category) == (Referral.Kind.MAPPA_LEVEL_3, 2)
