from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MappaConfig(AppConfig):
    name = "mappa"
    verbose_name = "Multi-agency work and MAPPA"

    def ready(self):
        from mappa import case_record
        from mappa.schedules import ensure_periodic_tasks

        case_record.register()
        post_migrate.connect(ensure_periodic_tasks, sender=self, dispatch_uid="mappa.ensure_periodic_tasks")
