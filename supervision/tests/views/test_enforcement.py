"""The enforcement pages: who may open and use them, what a post saves (once), the messages a broken rule shows,
the links from allegations and absences, the case record's and My work's entries, and a tab that costs a fixed
number of queries however many decisions the case holds."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from caseworks.tests.form_client import guards
from supervision import roles
from supervision.models import AllegationFinding, Case, EnforcementDecision, Recall
from supervision.services import enforcement as services
from supervision.services.allegations import record_police_intelligence
from supervision.tests.access_factories import managed_team
from supervision.tests.allegation_factories import decided_allegation
from supervision.tests.enforcement_factories import decide, unacceptable_absence
from supervision.tests.factories import CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db

Kind = EnforcementDecision.Kind
TODAY = timezone.localdate()


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(
        responsible_officer=people["officer"], team=people["team"], started_on=TODAY - timedelta(days=90)
    )
    return people


def url(name, case, decision=None):
    kwargs = {"crn": case.crn, **({"pk": decision.pk} if decision else {})}
    return reverse(f"supervision:{name}", kwargs=kwargs)


def date_parts(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def decision_post(**extra):
    return {
        "kind": Kind.FINAL_WARNING,
        **date_parts("decided_on", TODAY),
        "rationale": "Stopped driving while disqualified, with a warning in force.",
        **extra,
    }


def test_the_officer_records_a_final_warning_with_its_evidence_once_however_often_it_is_sent(client, team):
    absence = unacceptable_absence(team["case"])
    allegation = decided_allegation(team["case"], outcome=AllegationFinding.Outcome.SUBSTANTIATED)
    client.force_login(team["officer"])
    data = {
        **guards(client, url("enforcement-create", team["case"])),
        **decision_post(contacts=[absence.pk], allegations=[allegation.pk]),
    }

    first = client.post(url("enforcement-create", team["case"]), data)
    again = client.post(url("enforcement-create", team["case"]), data)

    assert first.status_code == again.status_code == 302
    decision = EnforcementDecision.objects.get()
    assert (decision.kind, decision.decided_by) == (Kind.FINAL_WARNING, team["officer"])
    assert list(decision.contacts.all()) == [absence]
    assert list(decision.allegations.all()) == [allegation]


def test_a_recall_without_alternatives_shows_the_message_on_the_chosen_recalls_box(client, team):
    absence = unacceptable_absence(team["case"])
    client.force_login(team["officer"])

    response = client.post(
        url("enforcement-create", team["case"]),
        decision_post(kind=Kind.RECALL_STANDARD, contacts=[absence.pk], alternatives_emergency="Typed, then hidden."),
    )

    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert 'href="#id_alternatives_standard"' in response.text
    assert services.ALTERNATIVES_REQUIRED in response.text
    assert not Recall.objects.exists()


def test_a_recall_with_alternatives_is_recommended(client, team):
    absence = unacceptable_absence(team["case"])
    client.force_login(team["officer"])

    response = client.post(
        url("enforcement-create", team["case"]),
        decision_post(kind=Kind.RECALL_FIXED_TERM, contacts=[absence.pk], alternatives_fixed_term="A curfew."),
    )

    assert response.status_code == 302
    recall = Recall.objects.get()
    assert (recall.kind, recall.decision.alternatives_considered) == (Recall.Kind.FIXED_TERM, "A curfew.")
    page = client.get(url("enforcement-detail", team["case"], recall.decision))
    assert "Awaiting line manager&#x27;s endorsement" in page.text


def test_a_warning_without_evidence_or_rationale_gets_messages_and_saves_nothing(client, team):
    unacceptable_absence(team["case"])
    client.force_login(team["officer"])

    response = client.post(url("enforcement-create", team["case"]), decision_post(kind=Kind.WARNING, rationale=""))

    assert response.status_code == 200
    assert services.RATIONALE_REQUIRED in response.text
    response = client.post(url("enforcement-create", team["case"]), decision_post(kind=Kind.WARNING))
    assert "Select the evidence for the warning" in response.text
    assert 'href="#id_contacts_1"' in response.text
    assert not EnforcementDecision.objects.exists()


def test_nonsense_input_gets_messages_not_a_500(client, team):
    client.force_login(team["officer"])
    data = {"kind": "SHOUT", "decided_on_0": "99", "decided_on_1": "x", "contacts": ["abc"], "allegations": ["9999"]}

    response = client.post(url("enforcement-create", team["case"]), data)

    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert not EnforcementDecision.objects.exists()


def test_the_form_offers_only_the_decisions_the_supervision_allows(client, team):
    community = CaseFactory(
        responsible_officer=team["officer"], team=team["team"], supervision_type=Case.SupervisionType.COMMUNITY_ORDER
    )
    client.force_login(team["officer"])

    licence_form = client.get(url("enforcement-create", team["case"])).text
    order_form = client.get(url("enforcement-create", community)).text

    assert "Recall – emergency" in licence_form and "Breach proceedings" not in licence_form
    assert "Breach proceedings" in order_form and "Recall – standard" not in order_form


def test_evidence_from_another_case_is_not_offered_and_a_forged_post_is_refused(client, team):
    other = CaseFactory()
    elsewhere = unacceptable_absence(other)
    client.force_login(team["officer"])

    response = client.post(url("enforcement-create", team["case"]), decision_post(contacts=[elsewhere.pk]))

    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert not EnforcementDecision.objects.exists()


def test_arriving_from_a_substantiated_allegation_or_an_absence_ticks_it(client, team):
    allegation = decided_allegation(team["case"], outcome=AllegationFinding.Outcome.SUBSTANTIATED)
    absence = unacceptable_absence(team["case"])
    client.force_login(team["officer"])

    detail = client.get(reverse("supervision:allegation-detail", kwargs={"crn": team["case"].crn, "pk": allegation.pk}))
    listing = client.get(reverse("supervision:case-allegations", kwargs={"crn": team["case"].crn}))
    contact = client.get(reverse("supervision:contact-detail", kwargs={"crn": team["case"].crn, "pk": absence.pk}))
    link = url("enforcement-create", team["case"])
    assert f"{link}?allegation={allegation.pk}" in detail.text
    assert f"{link}?allegation={allegation.pk}" in listing.text
    assert f"{link}?contact={absence.pk}" in contact.text

    form = client.get(f"{link}?allegation={allegation.pk}&contact={absence.pk}").text
    assert _ticked(form, "allegations", allegation.pk)
    assert _ticked(form, "contacts", absence.pk)


def _ticked(html, name, pk) -> bool:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*value="{pk}"[^>]*>', html)
    return tag is not None and "checked" in tag.group(0)


@pytest.mark.parametrize("who", ["manager", "deputy", "head"])
def test_managers_in_scope_record_a_decision(client, team, who):
    client.force_login(team[who])

    response = client.post(url("enforcement-create", team["case"]), decision_post(kind=Kind.NO_FURTHER_ACTION))

    assert response.status_code == 302
    assert EnforcementDecision.objects.get().decided_by == team[who]


def test_another_officer_in_the_team_reads_the_decisions_but_may_not_record_one(client, team):
    decision = decide(team["case"], Kind.WARNING)
    client.force_login(team["colleague"])

    assert client.get(url("case-enforcement", team["case"])).status_code == 200
    assert client.get(url("enforcement-detail", team["case"], decision)).status_code == 200
    assert client.get(url("enforcement-create", team["case"])).status_code == 403
    response = client.post(url("enforcement-create", team["case"]), decision_post(kind=Kind.NO_FURTHER_ACTION))
    assert response.status_code == 403
    assert EnforcementDecision.objects.count() == 1
    assert "Record an enforcement decision" not in client.get(url("case-enforcement", team["case"])).text


def test_another_teams_officer_gets_not_found(client, team):
    decision = decide(team["case"], Kind.WARNING)
    client.force_login(managed_team()["officer"])

    assert client.get(url("case-enforcement", team["case"])).status_code == 404
    assert client.get(url("enforcement-detail", team["case"], decision)).status_code == 404
    assert client.post(url("enforcement-create", team["case"]), decision_post()).status_code == 404


@pytest.mark.parametrize("role", [roles.AUDITOR, roles.ADMINISTRATOR])
def test_an_auditor_or_administrator_is_refused(client, team, role):
    client.force_login(StaffFactory(role=role, profile__team=team["team"]))

    assert client.get(url("case-enforcement", team["case"])).status_code == 403
    assert client.post(url("enforcement-create", team["case"]), decision_post()).status_code == 403
    assert not EnforcementDecision.objects.exists()


def test_a_decision_of_another_case_is_not_found_under_this_case(client, team):
    elsewhere = decide(CaseFactory(responsible_officer=team["officer"], team=team["team"]), Kind.WARNING)
    client.force_login(team["officer"])

    assert client.get(url("enforcement-detail", team["case"], elsewhere)).status_code == 404


def test_the_tab_marks_warnings_in_force_and_lists_absences_waiting_for_a_decision(client, team):
    decide(team["case"], Kind.WARNING, days_ago=5)
    waiting = unacceptable_absence(team["case"], days_ago=20, judged_days_ago=15)
    client.force_login(team["officer"])

    page = client.get(url("case-enforcement", team["case"])).text

    assert "Warning given" in page and "in force until" in page
    assert f"?contact={waiting.pk}" in page
    assert "Overdue" in page


def test_an_absence_waiting_for_a_decision_is_in_the_open_work_and_my_work(client, team):
    absence = unacceptable_absence(team["case"], days_ago=20, judged_days_ago=15)
    client.force_login(team["officer"])

    overview = client.get(url("case-detail", team["case"])).text
    work = client.get(reverse("supervision:my-work")).text

    assert "Record an enforcement decision on the unacceptable absence" in overview and "(overdue)" in overview
    assert f"?contact={absence.pk}" in overview and f"?contact={absence.pk}" in work
    assert "Unacceptable absences needing an enforcement decision" in work


def test_decisions_appear_on_the_chronology(client, team):
    decide(team["case"], Kind.WARNING)
    client.force_login(team["officer"])

    response = client.get(url("case-chronology", team["case"]) + "?kind=enforcement")

    assert "Enforcement decision: warning" in response.text


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _evidenced_decision(case, kind=Kind.NO_FURTHER_ACTION):
    report = record_police_intelligence(
        case, by=case.responsible_officer, received_on=TODAY, source="Police", description="x", relevance="LOW"
    )
    evidence = {
        "contacts": [unacceptable_absence(case)],
        "allegations": [decided_allegation(case)],
        "police_intelligence": [report],
    }
    return decide(case, kind, evidence=evidence)


@pytest.mark.parametrize("page", ["case-enforcement", "case-chronology", "case-detail"])
def test_the_pages_listing_decisions_cost_the_same_queries_for_two_or_ten(
    client, team, page, django_assert_max_num_queries
):
    client.force_login(team["officer"])
    _evidenced_decision(team["case"], Kind.WARNING)
    _evidenced_decision(team["case"], Kind.RECALL_STANDARD)
    unacceptable_absence(team["case"])
    small = _queries(client, url(page, team["case"]))
    for _ in range(8):
        _evidenced_decision(team["case"])
        unacceptable_absence(team["case"])

    with django_assert_max_num_queries(small):
        assert client.get(url(page, team["case"])).status_code == 200


def test_the_decision_page_costs_the_same_queries_however_much_evidence(client, team):
    decision = _evidenced_decision(team["case"])
    client.force_login(team["officer"])
    small = _queries(client, url("enforcement-detail", team["case"], decision))
    more = decide(
        team["case"],
        Kind.NO_FURTHER_ACTION,
        evidence={"contacts": [unacceptable_absence(team["case"]) for _ in range(6)]},
    )

    assert _queries(client, url("enforcement-detail", team["case"], more)) <= small
