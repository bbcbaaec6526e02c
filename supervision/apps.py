from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "Supervision"

    def ready(self):
        from supervision.roles import ensure_role_groups
        from supervision.schedules import ensure_periodic_tasks

        # After the last app migrates, so that every model's permissions exist.
        post_migrate.connect(ensure_role_groups, dispatch_uid="supervision.ensure_role_groups")
        post_migrate.connect(ensure_periodic_tasks, dispatch_uid="supervision.ensure_periodic_tasks")
