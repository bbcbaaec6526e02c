"""Enqueue a Celery task by name after the current transaction commits.

Services never import task modules (tasks import services, so the reverse would be a cycle): they name the
task instead. The message is sent only once the data it refers to is committed, so a worker never looks for
a row that is not there yet, and a rolled-back change enqueues nothing. A broker that is down must not turn
a saved change into an error page: the failure is logged, and each task's periodic sweep catches up.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task_name: str, *args, **kwargs) -> None:
    def send():
        from caseworks.celery import app

        try:
            if app.conf.task_always_eager:  # run here and now (CELERY_TASK_ALWAYS_EAGER): needs the task itself
                app.loader.import_default_modules()
                app.tasks[task_name].apply_async(args=args, kwargs=kwargs)
            else:  # by name: the web process need not import (or have registered) the task module to queue it
                app.send_task(task_name, args=args, kwargs=kwargs)
        except Exception:  # the broker's own errors vary by transport; none may reach the user after commit
            logger.exception("Could not enqueue %s; the periodic sweep will pick the work up", task_name)

    transaction.on_commit(send)
