"""Locust users for `make bench` (caseworks/bench/load.py starts them): officers opening their caseload and case
records and recording contacts, Heads of Public Protection opening the region list, and a trivial view.

BENCH_USERS_FILE names a JSON file: {"officers": [{"username", "crns"}], "heads": [username], "contact_type": id}.
BENCH_THINK=0 takes the think time away (to measure throughput at saturation)."""

import itertools
import json
import os
import random
import re
from datetime import datetime, timedelta
from pathlib import Path

from locust import HttpUser, between, constant, task

POOL = json.loads(Path(os.environ["BENCH_USERS_FILE"]).read_text()) if os.environ.get("BENCH_USERS_FILE") else {}
WAIT = constant(0) if os.environ.get("BENCH_THINK") == "0" else between(0.5, 1.5)
NEXT_OFFICER = itertools.count()
NEXT_HEAD = itertools.count()
HIDDEN = re.compile(r'<input type="hidden" name="(csrfmiddlewaretoken|submission_token)" value="([^"]*)"')


def page(user, url: str, name: str):
    """GET a page; anything but the page itself (a sign-in redirect, an error) counts as a failure."""
    with user.client.get(url, name=name, catch_response=True) as response:
        if response.status_code != 200 or response.history or "/sign-in" in response.url:
            response.failure(f"{response.status_code} at {response.url}")
        return response


def sign_in(user, username: str) -> None:
    with user.client.get(f"/bench/sign-in/{username}/", name="sign in (bench only)", catch_response=True) as r:
        if r.status_code != 200 or r.text != "signed in":
            r.failure(f"not signed in: {r.status_code}")


class Officer(HttpUser):
    weight = 9
    wait_time = WAIT

    def on_start(self):
        officers = POOL["officers"]
        me = officers[next(NEXT_OFFICER) % len(officers)]
        self.crns = me["crns"]
        sign_in(self, me["username"])

    @task(3)
    def caseload(self):
        page(self, "/caseload/", "caseload")

    @task(4)
    def case_record(self):
        page(self, f"/cases/{random.choice(self.crns)}/", "case record")

    @task(1)
    def record_contact(self):
        url = f"/cases/{random.choice(self.crns)}/contacts/new/"
        form = page(self, url, "record a contact (form)")
        hidden = dict(HIDDEN.findall(form.text))
        when = datetime.now() - timedelta(hours=1)
        data = {
            **hidden,
            "contact_type": POOL["contact_type"],
            "on_0": when.day,
            "on_1": when.month,
            "on_2": when.year,
            "at": when.strftime("%H:%M"),
            "made_by": "RO",
            "outcome": "ATTC",
            "notes": "Reviewed progress; no concerns today.",
        }
        with self.client.post(url, data, name="record a contact", allow_redirects=False, catch_response=True) as r:
            if r.status_code != 302:
                r.failure(f"not saved: {r.status_code}")


class Head(HttpUser):
    weight = 1
    wait_time = WAIT

    def on_start(self):
        heads = POOL["heads"]
        sign_in(self, heads[next(NEXT_HEAD) % len(heads)])

    @task
    def region_list(self):
        page(self, "/caseload/", "region list")


class Trivial(HttpUser):
    wait_time = WAIT

    def on_start(self):
        officers = POOL["officers"]
        sign_in(self, officers[next(NEXT_OFFICER) % len(officers)]["username"])

    @task
    def trivial(self):
        page(self, "/bench/trivial/", "trivial view")
