"""A test client that opens a form before sending it, as a browser does, so each post carries the form's
hidden guards (its submission token and, on an edit form, the version it was opened at).

A post whose data already names `submission_token` (even empty) is sent as given: that is how tests send a
form without its token, or the same token twice.
"""

import re
import uuid

from django.test import Client

_GUARD = re.compile(r'<input type="hidden" name="(submission_token|version)" value="([^"]*)"')


def guards(client: Client, path: str) -> dict:
    """The hidden guards of the form at `path`, as a browser would have them. A page that draws no form (a
    403, a 404, a record that has moved on) gets a fresh token, so the post tests what it meant to test."""
    response = client.get(path)
    found = dict(_GUARD.findall(response.content.decode())) if response.status_code == 200 else {}
    found.setdefault("submission_token", str(uuid.uuid4()))
    return found


class FormClient(Client):
    def post(self, path, data=None, *args, **kwargs):
        if data is None or (isinstance(data, dict) and "submission_token" not in data):
            data = {**guards(self, path), **(data or {})}
        return super().post(path, data, *args, **kwargs)
