"""Settings for `make bench` only: the product's settings, served as in production (DEBUG off), with plain http
cookies on 127.0.0.1, static files unhashed (nothing is collected), and the bench URLconf (a trivial view to
measure the framework's own cost beside the pages, and a sign-in by username for the load test's users)."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from caseworks.settings import *  # noqa: E402, F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "caseworks.bench.urls"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
