"""The latest qualifying contacts as plain values: the words for who made a contact match the model's, and the
partial index covers exactly the outcomes that count."""

import pytest

from supervision.contact_requirements.latest_contacts import made_by_text
from supervision.models import Contact
from supervision.tests.factories import ContactFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"made_by": "OFFICER", "made_by_name": "Alex Kim"},
        {"made_by": "POLICE", "made_by_user": None, "made_by_name": "PC Jones", "made_by_identifier": "4471"},
        {"made_by": "POLICE", "made_by_user": None, "made_by_name": "PC Jones", "made_by_identifier": "1"},
        {"made_by": "AGENCY", "made_by_user": None, "made_by_name": "Sam Lee", "made_by_agency": "Housing"},
        {"made_by": "OFFICER", "made_by_user": None, "made_by_name": "Alex Kim"},
    ],
)
def test_made_by_text_reads_as_the_models_description(fields):
    contact = ContactFactory(**fields)
    user = contact.made_by_user
    text = made_by_text(
        contact.made_by,
        contact.made_by_name,
        contact.made_by_identifier,
        contact.made_by_agency,
        contact.made_by_user_id,
        user.first_name if user else None,
        user.last_name if user else None,
        user.username if user else None,
    )
    assert text == contact.made_by_description


def test_a_user_with_no_name_is_named_by_username():
    user = StaffFactory(first_name="", last_name="")
    contact = ContactFactory(made_by_user=user)
    assert made_by_text("RO", "", "", "", user.pk, "", "", user.username) == contact.made_by_description


def test_the_partial_index_covers_exactly_the_seen_outcomes():
    index = next(i for i in Contact._meta.indexes if i.name == "contact_qualifying_idx")
    assert sorted(dict(index.condition.children)["outcome__in"]) == sorted(Contact.SEEN_OUTCOMES)
