from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MappaConfig(AppConfig):
    name = "mappa"
    verbose_name = "Multi-agency work and MAPPA"

    def ready(self):
        from .schedules import ensure_periodic_tasks

        post_migrate.connect(ensure_periodic_tasks, sender=self, dispatch_uid="mappa.ensure_periodic_tasks")
