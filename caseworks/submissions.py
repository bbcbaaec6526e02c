"""What both apps share to make a form's submission count once, and an edit never overwrite someone else's.

Submission: every create (and edit) form carries a token made when the form was drawn. The first post with
a token stores it beside a fingerprint of what was submitted; a second post with the same token and the same
content (a double click, Back then Save) is the same submission, so it answers as the first did; the same
token with different content is refused with `SubmissionReused`, never silently dropped. The table and the
write live in `supervision.services.submissions`; this module holds what needs neither app: the fingerprint,
the errors and the version check.

Version: every record with an edit page has a `version` that each edit raises by one. The edit form carries
the version it was drawn at; `check_version` refuses a save made from an older one with `StaleEdit`.
"""

import hashlib
import json
import secrets
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from caseworks.errors import RuleBroken

SUBMISSION_TOKEN_MISSING = (
    "This form could not be saved because it was not sent in full. Nothing was saved: go back, reload the page "
    "and start again."
)
SUBMISSION_REUSED = (
    "This form was already submitted with different details, so your changes were not saved. Start again from "
    "the page before, and check what was saved first."
)
SUBMISSION_TOKEN_EXPIRED = (
    "This form was opened more than {days} days ago, so it was not saved. Check your answers below, then save again."
)
STALE_EDIT = (
    "Someone else changed this record after you opened this form, so your changes were not saved. Check what "
    "they changed below; what you typed is still in the form. Save again to replace their changes with yours."
)


# A version-1 UUID counts 100-nanosecond intervals from 15 October 1582.
_UUID_EPOCH = datetime(1582, 10, 15, tzinfo=UTC)


def issue_submission_token(*, at: datetime | None = None) -> uuid.UUID:
    """A new form's token: a time-based (version 1) UUID with random bits where the machine's address would be,
    so the form's age can be read from it. Stored tokens are pruned after SUBMISSION_TOKEN_DAYS
    (`supervision.services.submissions`); a form older than that is refused rather than saved twice."""
    ticks = int(((at or timezone.now()) - _UUID_EPOCH) / timedelta(microseconds=1)) * 10
    clock = secrets.randbits(14)
    node = secrets.randbits(48) | (1 << 40)  # the multicast bit marks a random node (RFC 4122)
    return uuid.UUID(
        fields=(
            ticks & 0xFFFFFFFF,
            (ticks >> 32) & 0xFFFF,
            ((ticks >> 48) & 0x0FFF) | (1 << 12),
            0x80 | (clock >> 8),
            clock & 0xFF,
            node,
        )
    )


def issued_at(token: uuid.UUID) -> datetime | None:
    """When a token was issued; None for a random (version 4) token, which says nothing of its age."""
    if token.version != 1:
        return None
    return _UUID_EPOCH + timedelta(microseconds=token.time // 10)


def is_expired(token: uuid.UUID, *, now: datetime | None = None) -> bool:
    issued = issued_at(token)
    return issued is not None and issued < (now or timezone.now()) - timedelta(days=settings.SUBMISSION_TOKEN_DAYS)


class SubmissionReused(RuleBroken):
    """A form's token came back with different content: the first submission stands, this one is refused."""

    def __init__(self):
        super().__init__(SUBMISSION_REUSED)


class StaleEdit(RuleBroken):
    """An edit made from a version older than the record's: nothing was written. `current` is the record as
    it is now and `loaded_version` the version the form was drawn at, so the page can show what changed."""

    def __init__(self, current, *, loaded_version: int):
        super().__init__(STALE_EDIT)
        self.current = current
        self.loaded_version = loaded_version


def check_version(record, expected: int | None) -> None:
    """Call on the row locked for the edit (`select_for_update`): refuse a stale edit, else count this edit.
    `expected` None means the caller is not a form (a task, the demo): it edits whatever is current."""
    if expected is not None and record.version != expected:
        raise StaleEdit(record, loaded_version=expected)
    record.version += 1


def _plain(value):
    """A JSON-able value that is equal for equal submissions (a chosen record by its key, a set sorted)."""
    if isinstance(value, models.Model):
        return [value._meta.label, value.pk]
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        items = [_plain(item) for item in value]
        return items if isinstance(value, list | tuple) else sorted(items, key=json.dumps)
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in sorted(value.items())}
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def fingerprint(data) -> str:
    """A hash of what was submitted: equal for a resubmission of the same content, different otherwise."""
    return hashlib.sha256(json.dumps(_plain(data), sort_keys=True).encode()).hexdigest()
