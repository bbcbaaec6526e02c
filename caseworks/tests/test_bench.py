"""The bench harness's own logic (caseworks/bench), on tiny data: alternation and medians, rolled-back runs, the
pages' numbers against the hand-written SQL's, peak memory, and locust's figures read into the report."""

from io import StringIO

import pytest
from django.core.management import call_command

from caseworks.bench.load import load_rows, parse_stats
from caseworks.bench.measure import Comparison, alternate, count_queries, peak_memory_mb, rolled_back
from caseworks.bench.pages import chosen_users, list_page_benchmark, page_numbers
from caseworks.bench.report import comparison_rows, target_rows
from supervision.models import Region


def test_alternate_runs_the_application_and_each_baseline_in_turn_and_takes_medians():
    calls = []
    times = iter([3.0, 1.0, 0.5, 5.0, 1.0, 0.5, 4.0, 2.0, 0.5])

    def fake(label):
        return lambda: calls.append(label) or label

    import caseworks.bench.measure as measure

    real = measure.timed
    measure.timed = lambda fn: (next(times), fn())
    try:
        result = alternate("x", fake("app"), {"sql": fake("sql"), "count": fake("count")}, repetitions=3)
    finally:
        measure.timed = real
    # One warm-up of each, then app, sql, count three times.
    assert calls == ["app", "sql", "count"] + ["app", "sql", "count"] * 3
    assert result.app_median == 4.0
    assert result.baseline_median() == 1.0
    assert result.ratio() == 4.0
    assert result.ratio("count") == 8.0


def test_alternate_refuses_a_baseline_that_returns_other_numbers():
    with pytest.raises(AssertionError, match="disagree"):
        alternate("x", lambda: (3, ["A"]), {"sql": lambda: (3, ["B"])}, repetitions=1, same=lambda a, b: a == b)
    result = alternate("x", lambda: (3, ["A"]), {"sql": lambda: (3, ["A"])}, repetitions=2, same=lambda a, b: a == b)
    assert len(result.app_seconds) == 2


@pytest.mark.django_db
def test_a_rolled_back_run_leaves_nothing_behind_and_its_writes_are_counted():
    def write():
        return Region.objects.create(name="Bench").pk

    assert rolled_back(write)() is not None
    assert not Region.objects.filter(name="Bench").exists()
    queries, writes, _ = count_queries(rolled_back(write))
    assert writes == 1 and queries >= 1


def test_peak_memory_is_a_worker_process_high_water_mark():
    def allocate():
        block = bytearray(80_000_000)
        block[::4096] = b"x" * len(block[::4096])  # touch every page, so it is resident

    assert peak_memory_mb(allocate) >= 80
    assert peak_memory_mb(lambda: None) < peak_memory_mb(allocate)


def test_page_numbers_reads_the_total_and_the_rows_crns_in_order():
    html = (
        '<p class="govuk-body">3 cases.</p><td><a href="/cases/B000002/">Ann</a><br>'
        '<span class="govuk-body-s">B000002</span></td><span class="govuk-body-s">A000001</span>'
    )
    assert page_numbers(html) == (3, ["B000002", "A000001"])
    assert page_numbers('<p class="govuk-body">120 cases, page 1 of 3.</p>')[0] == 120


@pytest.mark.django_db
def test_the_hand_written_page_sql_returns_what_each_list_page_shows(settings):
    settings.DEMO_MODE = True
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("seed_scale", size="test", stdout=StringIO(), stderr=StringIO())
    officer, manager, head = chosen_users()
    for user, own in ((officer, True), (manager, False), (head, False)):
        comparison = list_page_benchmark("list", user, own_caseload=own, repetitions=1, memory=False)
        assert comparison.queries > 0
        assert "same cases and total" in comparison.note


def test_locust_figures_become_the_report_rows(tmp_path):
    stats = tmp_path / "run_stats.csv"
    stats.write_text(
        "Type,Name,Request Count,Failure Count,50%,95%,Requests/s\n"
        "GET,caseload,100,0,40,120,10.0\n"
        "GET,case record,80,2,30,200,8.0\n"
        ",Aggregated,180,2,35,180,18.0\n"
    )
    parsed = parse_stats(str(stats))
    assert parsed["caseload"] == {"count": 100, "failures": 0, "p95": 120.0, "median": 40.0, "rps": 10.0}
    trivial = {"Aggregated": {"count": 900, "failures": 0, "p95": 5, "median": 2, "rps": 90.0}}
    rows = "\n".join(load_rows({20: parsed}, parsed, trivial))
    assert "| caseload | 20 | 100 | 0 | 40 ms | 120 ms | 150 ms | yes |" in rows
    assert "| case record | 20 | 80 | 2 | 30 ms | 200 ms | 150 ms | no |" in rows
    assert "| record a contact | 20 | 0 |" in rows
    assert "1/5.0" in rows and ": met" in rows


def test_comparison_rows_show_each_baseline_with_its_ratio():
    comparison = Comparison("scan", app_seconds=[2.0], baselines={"group by": [0.5], "count": [0.1]}, queries=12)
    rows = comparison_rows([comparison])
    assert "| scan | 2.00 s | group by: 500.0 ms | **4.0×** | 12 |" in rows[2]
    assert "**20.0×**" in rows[3]


def test_targets_say_whether_each_is_met():
    scan = Comparison(
        "Overdue scan, first run",
        app_seconds=[1.0],
        baselines={"latest-visit aggregate": [1.0], "count(*) of contacts": [0.1]},
    )
    second = Comparison("Overdue scan, second run (nothing new)", app_seconds=[1.0], baselines={"x": [1.0]}, writes=0)
    page = Comparison("Region list", app_seconds=[2.6], baselines={"hand-written SQL": [1.0]})
    rows = target_rows([scan, second, page])
    assert "| scan ≤ 1.5 × the latest-visit aggregate | 1.0× | yes |" in rows
    assert "| scan ≤ 0.5 × `count(*)` of contacts (aim) | 10.0× | no, 20 times over |" in rows
    assert "| second run with nothing new writes nothing | 0 writing statements | yes |" in rows
    assert "| Region list ≤ 1.3 × hand-written SQL | 2.6× | no, 2 times over |" in rows
