"""The Celery application: one worker and one beat serve every app's tasks."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caseworks.settings")

app = Celery("caseworks")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
