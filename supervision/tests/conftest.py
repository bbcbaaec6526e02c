import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Pages render without collectstatic: the manifest storage only matters in production."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
