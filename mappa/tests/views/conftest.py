import pytest

from caseworks.tests.form_client import FormClient


@pytest.fixture
def client():
    """Every post opens its form first, so it carries the form's token and version (see FormClient)."""
    return FormClient()
