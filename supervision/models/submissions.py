from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class SubmissionToken(models.Model):
    """One row per form submission that saved something, for every create and edit form in both apps.

    The unique token is what makes a double click, a resubmission after Back or two simultaneous posts save
    once: the second INSERT waits for the first transaction and then fails, and the second post answers with
    the first one's record. The fingerprint tells a resubmission of the same content from a reused form
    with different content (refused, not dropped). Written by `supervision.services.submissions` only.
    """

    token = models.UUIDField(unique=True)
    fingerprint = models.CharField(max_length=64)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    saved = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return str(self.token)
