"""Settings for the fan-out bench's processes (caseworks/bench/fanout.py): the bench's own, with the outbox's
e-mail messages sent to a queue its workers do not read. The chunks queue one e-mail per officer told, behind the
chunks still waiting and ahead of the chord's summary, so a worker reading them would time the e-mails as well as
the sweep; the single-process sweep it is compared with only queues them too."""

from caseworks.bench.settings import *  # noqa: F403

UNREAD_QUEUE = "bench-outbox-not-read"
CELERY_TASK_ROUTES = {"supervision.tasks.send_outbox_email": {"queue": UNREAD_QUEUE}}
