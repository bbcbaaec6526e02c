"""The GOV.UK front end: the vendored assets, the page template, sign-in and the error summary.

The browser tests need Chromium (see the root conftest.py) and the copied assets
(`python -m caseworks.assets`).
"""

import re
from datetime import date

import pytest
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse
from playwright.sync_api import expect

from caseworks import assets
from supervision import roles
from supervision.models import PDU, Case, Region, StaffProfile, Team

PASSWORD = "a-long-test-password-42"
ASSET_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def test_rewriting_makes_absolute_asset_urls_relative_to_the_css_file():
    css = "a{src:url(/assets/fonts/x.woff2)}b{background:url('/assets/images/y.svg')}c{mask:url(\"/assets/z.svg\")}"
    assert assets.rewrite_asset_urls(css) == (
        "a{src:url(assets/fonts/x.woff2)}b{background:url('assets/images/y.svg')}c{mask:url(\"assets/z.svg\")}"
    )


@pytest.mark.parametrize("package", assets.PACKAGES, ids=lambda package: package.npm_name)
def test_copied_css_refers_only_to_files_that_were_copied_beside_it(package):
    css_path = package.target / f"{package.basename}.css"
    if not css_path.exists():
        pytest.fail(f"{css_path} is missing: run python -m caseworks.assets", pytrace=False)
    css = css_path.read_text(encoding="utf-8")

    assert "url(/assets" not in css
    urls = [url for url in ASSET_URL.findall(css) if not url.startswith("data:")]
    assert urls, "expected the CSS to refer to its fonts or images"
    missing = [url for url in urls if not (css_path.parent / url).is_file()]
    assert missing == []
    for name in package.compiled_files:
        assert (package.target / name).is_file(), f"{name} was not copied"


def test_collectstatic_with_the_production_storage_fingerprints_fonts_images_and_maps(settings, tmp_path):
    """Whitenoise's manifest storage follows every url() and sourceMappingURL; a missing file stops it."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)

    [govuk_css] = (tmp_path / "vendor" / "govuk").glob("govuk-frontend.min.*.css")
    assert re.search(r'url\("assets/fonts/bold-b542beb274-v2\.[0-9a-f]{12}\.woff2"\)', govuk_css.read_text())
    [moj_css] = (tmp_path / "vendor" / "moj").glob("moj-frontend.min.*.css")
    assert re.search(r'url\("assets/images/icon-document\.[0-9a-f]{12}\.svg"\)', moj_css.read_text())


class ContactForm(forms.Form):
    """Radios, a text input and a rule about the whole form: every kind of error the summary links."""

    kind = forms.ChoiceField(
        label="What kind of contact was it?",
        choices=[("HOME_VISIT", "Home visit"), ("OFFICE", "Office appointment")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of contact"},
    )
    notes = forms.CharField(label="Notes", error_messages={"required": "Enter notes"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.radios("kind"), Field.text("notes"))

    def clean(self):
        raise forms.ValidationError("These details do not match a case")


def test_error_summary_links_every_error_to_an_input_on_the_page():
    form = ContactForm(data={})
    assert not form.is_valid()
    summary = render_to_string("includes/error_summary.html", {"form": form})
    fields = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))

    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert links == [
        ("id_kind_1", "These details do not match a case"),  # no field of its own: the first field
        ("id_kind_1", "Select the kind of contact"),  # a radio group has no id: its first radio
        ("id_notes", "Enter notes"),
    ]
    for anchor, _ in links:
        assert f'id="{anchor}"' in fields, f"the summary links to #{anchor}, which is not on the page"


def test_crispy_error_summary_tag_and_error_messages_use_govuk_frontend_6_markup():
    form = ContactForm(data={})
    form.is_valid()
    tag_summary = Template("{% load crispy_forms_gds %}{% error_summary form %}").render(Context({"form": form}))
    fields = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))

    assert tag_summary.strip() == render_to_string("includes/error_summary.html", {"form": form}).strip()
    assert '<div role="alert">' in tag_summary
    assert re.search(r'<p id="id_notes_1_error" class="govuk-error-message">', fields)
    assert 'class="govuk-radios" data-module="govuk-radios"' in fields
    assert "alert-danger" not in fields  # the pack's Bootstrap markup for non-field errors


@pytest.fixture
def responsible_officer():
    region = Region.objects.create(name="North West")
    pdu = PDU.objects.create(region=region, name="Manchester North")
    team = Team.objects.create(pdu=pdu, name="Team 1")
    user = User.objects.create_user("asha.patel", password=PASSWORD, first_name="Asha", last_name="Patel")
    StaffProfile.objects.create(user=user, grade="PO", team=team)
    user.groups.add(Group.objects.get_or_create(name=roles.RESPONSIBLE_OFFICER)[0])
    Case.objects.create(
        crn="X123456",
        first_name="Daniel",
        last_name="Hughes",
        date_of_birth=date(1988, 3, 14),
        supervision_type=Case.SupervisionType.LICENCE,
        started_on=date(2026, 1, 5),
        expected_end_on=date(2027, 1, 4),
        rosh=Case.RoSH.HIGH,
        tier=Case.Tier.B,
        team=team,
        responsible_officer=user,
    )
    return user


def _fonts_loaded(page) -> list[str]:
    return page.evaluate(
        """async () => {
            await document.fonts.ready;
            return [...document.fonts].filter(f => f.family.includes("GDS Transport")).map(f => f.status);
        }"""
    )


def _fits_the_viewport(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_officer_signs_in_after_a_wrong_password_and_lands_on_their_work(
    device, new_page, responsible_officer, assert_accessible, screenshot
):
    page = new_page(phone=device == "phone")

    page.goto(reverse("login"))
    expect(page).to_have_title("Sign in – Caseworks")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Caseworks")
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    assert "loaded" in _fonts_loaded(page)
    assert _fits_the_viewport(page)
    assert_accessible(page)
    screenshot(page, f"sign-in-{device}")

    page.locator("#id_username").fill("asha.patel")
    page.locator("#id_password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_title("Error: Sign in – Caseworks")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend's JavaScript ran
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    error_link = summary.get_by_role("link", name="Enter a correct username and password")
    expect(error_link).to_have_attribute("href", "#id_username")
    assert _fits_the_viewport(page)
    assert_accessible(page)
    screenshot(page, f"sign-in-error-{device}")
    error_link.click()
    expect(page.locator("#id_username")).to_be_focused()

    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_title("My work – Caseworks")  # an officer's home page: what needs doing
    page.goto(reverse("supervision:caseload"))
    expect(page).to_have_title("My caseload – Caseworks")
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    expect(page.get_by_role("row", name=re.compile("X123456"))).to_contain_text("Daniel Hughes")
    if device == "phone":  # with My work and My caseload, the navigation folds behind "Menu" on phones
        page.get_by_role("button", name="Menu").click()
    navigation = page.get_by_role("navigation", name="Menu")
    expect(navigation.get_by_role("link", name="My caseload")).to_have_attribute("aria-current", "page")
    expect(page.get_by_text("Asha Patel")).to_be_visible()
    assert _fits_the_viewport(page)
    assert_accessible(page)
    screenshot(page, f"caseload-{device}")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_title("Sign in – Caseworks")
