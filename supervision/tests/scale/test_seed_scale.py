"""`seed_scale` at its test size: the data keeps every constraint, looks like what the services write, has the
shape the sizes promise (caseloads, RoSH, contacts skewed to high risk), and the pages and the overdue scan work
on it. The larger sizes run the same SQL with bigger numbers (`make bench`)."""

import random
import statistics
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from supervision import roles
from supervision.models import (
    Case,
    CaseAccessLimit,
    CaseContactRequirement,
    Contact,
    KeyIndividual,
    LicenceCondition,
    RiskFlag,
    StaffProfile,
)
from supervision.permissions import cases_visible_to
from supervision.scale.generator import _tables_to_empty
from supervision.scale.organisation import caseloads
from supervision.scale.progress import Progress
from supervision.scale.sizes import SIZES
from supervision.scale.sql import orphaned_foreign_keys
from supervision.services.sweeps import flag_overdue_contacts_in_chunks

pytestmark = pytest.mark.django_db
SIZE = SIZES["test"]


@pytest.fixture
def scale(settings):
    settings.DEMO_MODE = True
    out, err = StringIO(), StringIO()
    call_command("seed_scale", size="test", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_counts_follow_the_size_and_the_time_is_reported(scale):
    out, err = scale
    assert Case.objects.active().count() == SIZE.active_cases
    assert Case.objects.exclude(status=Case.Status.ACTIVE).count() > 0
    active_contacts = Contact.objects.filter(case__status=Case.Status.ACTIVE, starts_at__lte=timezone.now()).count()
    assert 0.8 * SIZE.contacts <= active_contacts <= 1.25 * SIZE.contacts
    assert "Generated size test in" in out
    assert "100%" in err and "[####" in err  # the progress bar, on stderr


def test_caseloads_average_36_with_a_tail_past_50(scale):
    per_officer = [
        Case.objects.active().filter(responsible_officer_id=officer).count()
        for officer in StaffProfile.objects.filter(grade__in=["PO", "PSO"]).values_list("user_id", flat=True)
    ]
    assert abs(statistics.mean(per_officer) - 36) <= 2
    assert max(per_officer) > 50
    # Every officer has a line manager in their team, who answers to the region's Head of Public Protection.
    officers = StaffProfile.objects.filter(grade__in=["PO", "PSO"]).select_related("line_manager__profile")
    assert all(p.line_manager.profile.grade == "SPO" and p.line_manager.profile.team_id == p.team_id for p in officers)
    assert all(p.line_manager.profile.line_manager.profile.grade == "HOPP" for p in officers)
    assert User.objects.filter(groups__name=roles.RESPONSIBLE_OFFICER).count() == len(per_officer)


def test_rosh_is_skewed_like_life_and_high_risk_cases_are_seen_more(scale):
    active = Case.objects.active()
    share = {r: active.filter(rosh=r).count() / active.count() for r in Case.RoSH.values}
    assert 0.07 <= share["HIGH"] + share["VERY_HIGH"] <= 0.25
    assert 0.33 <= share["MEDIUM"] <= 0.57
    assert 0.28 <= share["LOW"] <= 0.52
    # Contacts per day of supervision: the high-risk median several times the low-risk one.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.rosh, percentile_cont(0.5) WITHIN GROUP (ORDER BY n::float / (current_date - c.started_on + 7)) "
            "FROM supervision_case c JOIN (SELECT case_id, count(*) n FROM supervision_contact GROUP BY case_id) k "
            "ON k.case_id = c.id WHERE c.status = 'ACTIVE' GROUP BY c.rosh"
        )
        rate = dict(cursor.fetchall())
    assert rate["HIGH"] >= 2 * rate["LOW"]


def test_every_kind_of_record_is_there_and_valid_as_a_form_would_leave_it(scale):
    for model in (KeyIndividual, LicenceCondition, RiskFlag, CaseContactRequirement, CaseAccessLimit):
        assert model.objects.exists(), model
    assert CaseAccessLimit.objects.filter(kind="RESTRICTION").exists()
    assert CaseAccessLimit.objects.filter(kind="EXCLUSION").exists()
    rng = random.Random(1)
    for model in (Case, Contact, KeyIndividual, LicenceCondition, RiskFlag, CaseContactRequirement):
        ids = list(model.objects.values_list("pk", flat=True))
        for obj in model.objects.filter(pk__in=rng.sample(ids, min(25, len(ids)))):
            obj.full_clean()  # choices, lengths, formats (CRNs), required fields
    # Every row has its history row, as the services' saves write one.
    assert Contact.history.count() == Contact.objects.count()
    assert Case.history.count() == Case.objects.count()
    with connection.cursor() as cursor:
        assert orphaned_foreign_keys(cursor, _tables_to_empty()) == []


def test_refuses_a_database_with_data_unless_told_to_replace_it(scale, settings):
    with pytest.raises(CommandError, match="--replace"):
        call_command("seed_scale", size="test", stdout=StringIO(), stderr=StringIO())
    first_crns = set(Case.objects.values_list("crn", flat=True))
    call_command("seed_scale", size="test", replace=True, stdout=StringIO(), stderr=StringIO())
    assert Case.objects.active().count() == SIZE.active_cases
    assert set(Case.objects.values_list("crn", flat=True)) == first_crns  # numbered the same again


def test_the_overdue_scan_and_the_pages_work_on_the_data(scale):
    today = timezone.localdate()
    flag_overdue_contacts_in_chunks(on=today)
    officer = User.objects.filter(groups__name=roles.RESPONSIBLE_OFFICER).order_by("pk").first()
    manager = officer.profile.line_manager
    head = manager.profile.line_manager
    for user in (officer, manager, head):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        case = cases_visible_to(user).active().order_by("pk").first()
        pages = ["/", "/caseload/", f"/cases/{case.crn}/", f"/cases/{case.crn}/contacts/"]
        pages += [f"/cases/{case.crn}/chronology/", f"/mappa/cases/{case.crn}/referrals/"]
        for url in pages:
            response = client.get(url, follow=True)
            assert response.status_code == 200, (user.username, url, response.status_code)


def test_caseloads_sum_to_the_cases_with_a_tail():
    loads = caseloads(random.Random(3), 56, 2000)
    assert sum(loads) == 2000
    assert max(loads) > 50
    assert min(loads) >= 1


def test_progress_bar_reaches_the_end():
    stream = StringIO()
    progress = Progress(10, stream=stream)
    progress.advance(5, "half")
    assert " 50%" in stream.getvalue()
    progress.finish()
    assert stream.getvalue().endswith("\n") and "100%" in stream.getvalue()
