"""Save a form's submission once, for every create and edit form in both apps (mappa calls this too).

`save_once` runs the form's save in the same transaction as the insert of its token, so the token exists if
and only if what it saved does: a rule the service refuses rolls both back and the officer can correct the
form and send it again with the same token.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from caseworks.submissions import SubmissionReused, fingerprint
from supervision.models import SubmissionToken


@dataclass(frozen=True)
class Submission:
    """A form's token, the fingerprint of what it carried, and who sent it."""

    token: uuid.UUID
    fingerprint: str
    by: object


@dataclass(frozen=True)
class Saved:
    """What `save_once` returns: the record the submission saved (None if it saved no one record) and whether
    this post saved it or an earlier post with the same token and content had."""

    record: object
    is_repeat: bool


def save_once(submission: Submission, save: Callable[[], object]) -> Saved:
    """Call `save()` unless this submission was already saved. The same token and content again (a double
    click, two simultaneous posts, Back then Save) returns the first post's record; the same token with
    different content raises `SubmissionReused`. Never an IntegrityError: a concurrent insert of the same
    token waits for the first transaction, then fails inside its savepoint and is answered from the row."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = SubmissionToken.objects.create(
                    token=submission.token, fingerprint=_fingerprint(submission), submitted_by=submission.by
                )
        except IntegrityError:
            return _repeat(submission)
        record = save()
        if isinstance(record, models.Model) and record.pk is not None:
            row.content_type = ContentType.objects.get_for_model(record)
            row.object_id = record.pk
            row.save(update_fields=["content_type", "object_id"])
        return Saved(record=record, is_repeat=False)


def _fingerprint(submission: Submission) -> str:
    # Who sent it is part of the content: another user's post with a copied token is not a repeat.
    return fingerprint([submission.by.pk, submission.fingerprint])


def _repeat(submission: Submission) -> Saved:
    row = SubmissionToken.objects.select_related("content_type").get(token=submission.token)
    if row.fingerprint != _fingerprint(submission):
        raise SubmissionReused()
    record = None
    if row.content_type_id:
        record = row.content_type.model_class()._base_manager.filter(pk=row.object_id).first()
    return Saved(record=record, is_repeat=True)


PRUNE_BATCH = 5000


def prune_submission_tokens(*, now=None) -> int:
    """Delete tokens older than SUBMISSION_TOKEN_DAYS (and a day's margin), in batches: a form that old is refused
    when posted (`caseworks.submissions.is_expired`), so its token can no longer be needed to recognise a repeat.
    Safe to run twice or concurrently: a row deleted by another run is simply not counted again."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.SUBMISSION_TOKEN_DAYS + 1)
    deleted = 0
    while True:
        batch = list(SubmissionToken.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True)[:PRUNE_BATCH])
        if not batch:
            return deleted
        deleted += SubmissionToken.objects.filter(pk__in=batch).delete()[0]
