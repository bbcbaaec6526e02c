"""The two managers' dashboards against hand-written SQL returning the same numbers, checked figure by figure on
every repetition.

- The team dashboard (supervision/dashboards): `count_figures`, what the page calls for its numbers, for the line
  manager whose team holds the most active cases. Every registered figure, mappa's included.
- The region dashboard (mappa/dashboard): `area_for` and `breakdown`, what the page calls, for the Head of Public
  Protection of the region with the most active cases; its totals.

Each baseline is one statement written from the figures' definitions in plain SQL (a pass over each table with
`count(*) FILTER`, window functions for "the newest flag" and "the latest meeting"), not compiled from the ORM.
A figure the application counts and the SQL does not (a figure added since) is a mismatch too, so the baseline
cannot silently fall behind. Each whole page is also measured through the test client, its numbers read from the
HTML and checked against the same SQL; the page does more than the figures (the officers' table and the trends,
the breakdown's rows), so it has no target of its own.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone

from caseworks.bench.measure import Comparison, alternate, count_queries, profile
from caseworks.bench.plans import explain, plans_for
from mappa.dashboard.breakdown import area_for, breakdown
from mappa.dashboard.figures import REFERRAL_WINDOW_DAYS, REVIEW_SOON_DAYS, Moment
from supervision import roles
from supervision.dashboards import FIGURES, caseload_threshold, count_figures
from supervision.models import StaffProfile
from supervision.work import DUE_SOON_DAYS

# A case's limited access refuses the viewer: an exclusion listing them, or a restriction not listing them (unless
# they are the Head of Public Protection of the case's region, who sets restrictions). `c` is the case, `p` its PDU.
NOT_REFUSED = """NOT EXISTS (
    SELECT 1 FROM supervision_caseaccesslimit l
    WHERE l.case_id = c.id AND CASE l.kind
        WHEN 'EXCLUSION' THEN EXISTS (SELECT 1 FROM supervision_caseaccesslimit_staff s
                                      WHERE s.caseaccesslimit_id = l.id AND s.user_id = %(user)s)
        WHEN 'RESTRICTION' THEN p.region_id IS DISTINCT FROM %(hopp_region)s
                                AND NOT EXISTS (SELECT 1 FROM supervision_caseaccesslimit_staff s
                                                WHERE s.caseaccesslimit_id = l.id AND s.user_id = %(user)s)
    END)"""

# A requirement a home visit meets: "any home visit counts", or one of its ticked contact types is a home visit.
HOME_VISIT = """(coalesce(r.counts_home_visits, false) OR coalesce(q.counts_home_visits, false)
    OR EXISTS (SELECT 1 FROM supervision_contactrule_contact_types x JOIN supervision_contacttype t
               ON t.id = x.contacttype_id WHERE x.contactrule_id = f.rule_id AND t.is_home_visit)
    OR EXISTS (SELECT 1 FROM supervision_casecontactrequirement_contact_types x JOIN supervision_contacttype t
               ON t.id = x.contacttype_id WHERE x.casecontactrequirement_id = f.case_requirement_id
               AND t.is_home_visit))"""

TEAM_SQL = f"""
WITH visible AS (
    SELECT c.id, c.status, c.responsible_officer_id, c.expected_end_on
    FROM supervision_case c JOIN supervision_team tm ON tm.id = c.team_id JOIN supervision_pdu p ON p.id = tm.pdu_id
    WHERE (c.team_id = %(team)s OR p.region_id = %(hopp_region)s) AND {NOT_REFUSED}
), active AS (
    SELECT * FROM visible WHERE status = 'ACTIVE'
), flags AS (
    SELECT count(*) AS open, count(*) FILTER (WHERE {HOME_VISIT}) AS home_visits,
        count(*) FILTER (WHERE f.due_on >= %(on)s::date - 7) AS up_to_a_week,
        count(*) FILTER (WHERE f.due_on < %(on)s::date - 7 AND f.due_on >= %(on)s::date - 28) AS one_to_four_weeks,
        count(*) FILTER (WHERE f.due_on < %(on)s::date - 28) AS over_four_weeks
    FROM supervision_overdueflag f JOIN active a ON a.id = f.case_id
    LEFT JOIN supervision_contactrule r ON r.id = f.rule_id
    LEFT JOIN supervision_casecontactrequirement q ON q.id = f.case_requirement_id
    WHERE f.resolved_at IS NULL
), periods AS (  -- each requirement's overdue periods, newest first; the count within its chronic window
    SELECT coalesce(r.every_days, q.every_days) AS every_days,
        coalesce(r.chronic_overdue_periods, q.chronic_overdue_periods) AS needed,
        (r.chronic_overdue_periods IS NOT NULL AND r.chronic_within_periods IS NOT NULL)
            OR (q.chronic_overdue_periods IS NOT NULL AND q.chronic_within_periods IS NOT NULL) AS has_chronic_rule,
        row_number() OVER requirement AS newest,
        count(*) FILTER (WHERE f.due_on > %(on)s::date - coalesce(r.every_days, q.every_days)
                         * coalesce(r.chronic_within_periods, q.chronic_within_periods)) OVER requirement AS in_window
    FROM supervision_overdueflag f JOIN active a ON a.id = f.case_id
    LEFT JOIN supervision_contactrule r ON r.id = f.rule_id
    LEFT JOIN supervision_casecontactrequirement q ON q.id = f.case_requirement_id
    WHERE f.due_on <= %(on)s AND f.resolution NOT IN ('RULE_CHANGED', 'DUE_DATE_CHANGED')
    WINDOW requirement AS (PARTITION BY f.case_id, f.rule_id, f.case_requirement_id ORDER BY f.due_on DESC, f.id DESC
                           ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
), chronic AS (
    SELECT count(*) AS shortfalls FROM periods
    WHERE newest = 1 AND has_chronic_rule AND every_days IS NOT NULL AND in_window >= needed
), allegations AS (
    SELECT count(*) FILTER (WHERE g.status IN ('RECEIVED', 'INVESTIGATING')) AS open,
        count(*) FILTER (WHERE g.status = 'RECEIVED' AND g.first_response_due_on < %(on)s) AS past_due,
        count(*) FILTER (WHERE g.status IN ('RECEIVED', 'INVESTIGATING') AND g.received_on >= %(on)s::date - 7)
            AS this_week,
        count(*) FILTER (WHERE g.status IN ('RECEIVED', 'INVESTIGATING') AND g.received_on < %(on)s::date - 7
                         AND g.received_on >= %(on)s::date - 28) AS one_to_four_weeks,
        count(*) FILTER (WHERE g.status IN ('RECEIVED', 'INVESTIGATING') AND g.received_on < %(on)s::date - 28)
            AS over_four_weeks
    FROM supervision_allegation g JOIN active a ON a.id = g.case_id
), caseload AS (
    SELECT count(*) FILTER (WHERE responsible_officer_id IS NOT NULL) AS allocated,
        count(*) FILTER (WHERE responsible_officer_id IS NULL) AS unallocated,
        count(*) FILTER (WHERE expected_end_on <= %(on)s) AS past_end_date
    FROM active
), officers AS (
    SELECT count(*) AS over_threshold FROM auth_user u JOIN supervision_staffprofile sp ON sp.user_id = u.id
    JOIN supervision_team tm ON tm.id = sp.team_id JOIN supervision_pdu p ON p.id = tm.pdu_id
    WHERE u.is_active AND (sp.team_id = %(team)s OR p.region_id = %(hopp_region)s)
      AND EXISTS (SELECT 1 FROM auth_user_groups ug JOIN auth_group gr ON gr.id = ug.group_id
                  WHERE ug.user_id = u.id AND gr.name = %(officer_role)s)
      AND (SELECT count(*) FROM active a WHERE a.responsible_officer_id = u.id) > %(threshold)s
), escalations AS (
    SELECT count(*) FILTER (WHERE e.due_on < %(on)s) AS overdue,
        count(*) FILTER (WHERE e.due_on BETWEEN %(on)s AND %(on)s::date + %(due_soon)s) AS due_soon,
        count(*) FILTER (WHERE e.due_on > %(on)s::date + %(due_soon)s) AS due_later
    FROM mappa_escalation e JOIN mappa_referral rf ON rf.id = e.referral_id JOIN visible v ON v.id = rf.case_id
    WHERE e.status <> 'CLOSED' AND e.level = ANY(%(levels)s::varchar[])
), referrals AS (
    SELECT count(*) FILTER (WHERE rf.status = 'AWAITING' AND rf.created_by_id <> %(user)s) AS awaiting_endorsement,
        count(*) FILTER (WHERE rf.status IN ('SENT', 'ACK')) AS awaiting_response,
        count(*) FILTER (WHERE rf.status IN ('SENT', 'ACK') AND rf.response_due_on < %(on)s) AS late
    FROM mappa_referral rf JOIN active a ON a.id = rf.case_id
)
SELECT
    flags.open AS "overdue-requirements", flags.home_visits AS "overdue-home-visits",
    flags.up_to_a_week AS "overdue-up-to-a-week", flags.one_to_four_weeks AS "overdue-one-to-four-weeks",
    flags.over_four_weeks AS "overdue-over-four-weeks", chronic.shortfalls AS "chronic-shortfalls",
    allegations.open AS "allegations-open", allegations.past_due AS "allegations-past-due",
    allegations.this_week AS "allegations-this-week",
    allegations.one_to_four_weeks AS "allegations-one-to-four-weeks",
    allegations.over_four_weeks AS "allegations-over-four-weeks",
    (SELECT count(*) FROM supervision_contact k JOIN active a ON a.id = k.case_id
     WHERE k.outcome = 'UA' AND k.absence_judged_on IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM supervision_enforcementdecision_contacts d WHERE d.contact_id = k.id))
        AS "absences-undecided",
    (SELECT count(*) FROM supervision_absencedecisionflag d JOIN active a ON a.id = d.case_id
     WHERE d.resolved_at IS NULL) AS "enforcement-decisions-overdue",
    (SELECT count(*) FROM supervision_recall rc JOIN visible v ON v.id = rc.case_id WHERE rc.status = 'RECOMMENDED')
        AS "recalls-awaiting-endorsement",
    (SELECT count(*) FROM supervision_acuteriskfactor arf JOIN active a ON a.id = arf.case_id
     WHERE arf.raised_at >= (%(on)s::date - 6)::timestamp AT TIME ZONE %(time_zone)s)
        AS "acute-risk-factors-this-week",
    (SELECT count(*) FROM supervision_acuteriskfactor arf JOIN active a ON a.id = arf.case_id
     WHERE arf.reviewed_at IS NULL) AS "acute-risk-factors-awaiting-review",
    (SELECT count(*) FROM supervision_riskflag rfl JOIN active a ON a.id = rfl.case_id
     WHERE rfl.ended_on IS NULL AND rfl.next_review_on < %(on)s) AS "risk-flag-reviews-overdue",
    (SELECT count(*) FROM supervision_oversightaction o JOIN active a ON a.id = o.case_id WHERE o.status = 'OPEN')
        AS "oversight-actions-open",
    (SELECT count(*) FROM supervision_oversightaction o JOIN active a ON a.id = o.case_id
     WHERE o.status = 'OPEN' AND o.due_on < %(on)s) AS "oversight-actions-overdue",
    caseload.allocated AS "active-cases", officers.over_threshold AS "officers-over-threshold",
    caseload.unallocated AS "cases-awaiting-allocation", caseload.past_end_date AS "cases-past-end-date",
    (SELECT count(*) FROM supervision_unrouteditem ui JOIN visible v ON v.id = ui.case_id WHERE ui.resolved_at IS NULL)
        AS "unrouted-items",
    escalations.overdue AS "escalations-overdue", escalations.due_soon AS "escalations-due-soon",
    escalations.due_later AS "escalations-due-later",
    referrals.awaiting_endorsement AS "referrals-awaiting-endorsement",
    referrals.awaiting_response AS "referrals-awaiting-response", referrals.late AS "referrals-late"
FROM flags, chronic, allegations, caseload, officers, escalations, referrals
"""

MAPPA_KINDS = "('MAPPA2', 'MAPPA3')"

REGION_SQL = f"""
WITH region_cases AS (
    SELECT c.id, c.status, c.mappa_level
    FROM supervision_case c JOIN supervision_team tm ON tm.id = c.team_id JOIN supervision_pdu p ON p.id = tm.pdu_id
    WHERE p.region_id = %(region)s AND {NOT_REFUSED}
), cases AS (
    SELECT count(*) FILTER (WHERE status = 'ACTIVE' AND mappa_level = 2) AS level_2,
        count(*) FILTER (WHERE status = 'ACTIVE' AND mappa_level = 3) AS level_3
    FROM region_cases
), escalations AS (
    SELECT count(*) FILTER (WHERE e.due_on < %(today)s) AS overdue,
        count(*) FILTER (WHERE e.due_on = %(today)s) AS due_today,
        count(*) FILTER (WHERE e.due_on > %(today)s) AS not_yet_due,
        count(*) FILTER (WHERE earlier.resolution = 'STEPPED_UP') AS stepped_up
    FROM mappa_escalation e JOIN mappa_referral rf ON rf.id = e.referral_id JOIN region_cases rc ON rc.id = rf.case_id
    LEFT JOIN mappa_escalation earlier ON earlier.id = e.previous_id
    WHERE e.level = 'HOPP' AND e.status <> 'CLOSED'
), referrals AS (
    SELECT count(*) FILTER (WHERE rf.status = 'REJECTED' AND rf.decided_at >= %(since)s) AS rejected,
        count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM mappa_mappadecision d WHERE d.referral_id = rf.id AND d.stage = 'REVISED'
                AND d.decision IN ('ACC2', 'ACC3') AND d.decided_at >= %(since)s)
            OR EXISTS (
                SELECT 1 FROM mappa_escalation e WHERE e.referral_id = rf.id AND e.resolution = 'OVERTURNED'
                AND e.resolved_at >= %(since)s)) AS overturned,
        count(*) FILTER (WHERE rf.status = 'REVIEW') AS disputed
    FROM mappa_referral rf JOIN region_cases rc ON rc.id = rf.case_id
    WHERE rf.kind IN {MAPPA_KINDS}
), meetings AS (
    SELECT m.id, m.next_review_on, rc.status = 'ACTIVE' AS is_active, rc.mappa_level,
        row_number() OVER (PARTITION BY m.case_id ORDER BY m.held_on DESC, m.id DESC) AS newest
    FROM mappa_mappameeting m JOIN region_cases rc ON rc.id = m.case_id
), reviews AS (
    SELECT count(*) FILTER (WHERE next_review_on BETWEEN %(today)s AND %(today)s::date + %(review_soon)s) AS due,
        count(*) FILTER (WHERE next_review_on < %(today)s) AS overdue
    FROM meetings WHERE newest = 1 AND is_active AND mappa_level IN (2, 3)
), recalls AS (
    SELECT count(*) FILTER (WHERE r.status = 'ENDORSED') AS endorsed,
        count(*) FILTER (WHERE r.status = 'ENDORSED' AND r.countersign_by < %(now)s) AS late,
        count(*) FILTER (WHERE r.status = 'REQUESTED') AS requested
    FROM supervision_recall r JOIN region_cases rc ON rc.id = r.case_id
)
SELECT cases.level_2 AS "mappa-level-2", cases.level_3 AS "mappa-level-3",
    escalations.overdue AS "escalations-overdue", escalations.due_today AS "escalations-due-today",
    escalations.not_yet_due AS "escalations-not-yet-due", escalations.stepped_up AS "escalations-stepped-up",
    referrals.rejected AS "referrals-rejected", referrals.overturned AS "referrals-overturned",
    referrals.disputed AS "referrals-disputed",
    reviews.due AS "meetings-review-due", reviews.overdue AS "meetings-review-overdue",
    (SELECT count(*) FROM meetings m WHERE m.is_active AND EXISTS (
        SELECT 1 FROM mappa_mappaaction x WHERE x.meeting_id = m.id AND x.done_on IS NULL AND x.due_on < %(today)s))
        AS "meetings-overdue-actions",
    recalls.endorsed AS "recalls-awaiting-countersignature", recalls.late AS "recalls-countersignature-late",
    recalls.requested AS "recalls-requested"
FROM cases, escalations, referrals, reviews, recalls
"""

TEAM_COUNTS = re.compile(r'data-figure="([a-z0-9-]+)">(\d+)<')
REGION_COUNTS = re.compile(r'region-dashboard/([a-z0-9-]+)/"><span class="app-figure__count">(\d+)<')


def same_figures(app: dict, sql: dict) -> bool:
    """True if every figure agrees; else AssertionError naming each figure that differs (or is missing)."""
    differing = [
        f"{key}: application {app.get(key, 'missing')}, SQL {sql.get(key, 'missing')}"
        for key in sorted(app.keys() | sql.keys())
        if app.get(key) != sql.get(key)
    ]
    if differing:
        raise AssertionError("the figures differ: " + "; ".join(differing))
    return True


def run_sql(statement: str, params: dict) -> dict:
    """The statement's one row as {column name: value}."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
        return {column.name: value for column, value in zip(cursor.description, row, strict=True)}


def dashboard_users():
    """The line manager whose team holds the most active cases, and the Head of Public Protection of the region
    holding the most (either None if the data has none)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT (SELECT sp.user_id FROM supervision_staffprofile sp
                       JOIN auth_user_groups ug ON ug.user_id = sp.user_id JOIN auth_group g ON g.id = ug.group_id
                       JOIN supervision_case c ON c.team_id = sp.team_id AND c.status = 'ACTIVE'
                       WHERE g.name = %(manager)s GROUP BY sp.user_id ORDER BY count(*) DESC, sp.user_id LIMIT 1),
                      (SELECT sp.user_id FROM supervision_staffprofile sp
                       JOIN auth_user_groups ug ON ug.user_id = sp.user_id JOIN auth_group g ON g.id = ug.group_id
                       LEFT JOIN supervision_team own ON own.id = sp.team_id
                       LEFT JOIN supervision_pdu own_pdu ON own_pdu.id = own.pdu_id
                       JOIN supervision_pdu p ON p.region_id = coalesce(sp.region_id, own_pdu.region_id)
                       JOIN supervision_team tm ON tm.pdu_id = p.id
                       JOIN supervision_case c ON c.team_id = tm.id AND c.status = 'ACTIVE'
                       WHERE g.name = %(head)s GROUP BY sp.user_id ORDER BY count(*) DESC, sp.user_id LIMIT 1)""",
            {"manager": roles.LINE_MANAGER, "head": roles.HEAD_OF_PUBLIC_PROTECTION},
        )
        manager_id, head_id = cursor.fetchone()
    profiles = StaffProfile.objects.select_related("user", "team__pdu")
    return tuple(profiles.get(user_id=pk).user if pk else None for pk in (manager_id, head_id))


def _viewer(user) -> dict:
    """Who is looking, as the statements' parameters: their team if they lead one, their region if they head it."""
    profile = StaffProfile.objects.select_related("team__pdu").get(user=user)
    role_names = set(user.groups.values_list("name", flat=True))
    heads_region = roles.HEAD_OF_PUBLIC_PROTECTION in role_names
    return {
        "user": user.pk,
        "team": profile.team_id if roles.LINE_MANAGER in role_names else None,
        "hopp_region": profile.effective_region_id if heads_region else None,
        "levels": (["SPO"] if roles.LINE_MANAGER in role_names else []) + (["HOPP"] if heads_region else []),
    }


def team_params(user, on) -> dict:
    return {
        **_viewer(user),
        "on": on,
        "time_zone": settings.TIME_ZONE,
        "officer_role": roles.RESPONSIBLE_OFFICER,
        "threshold": caseload_threshold(),
        "due_soon": DUE_SOON_DAYS,
    }


def region_params(user, moment: Moment) -> dict:
    viewer = _viewer(user)
    return {
        **viewer,
        "region": viewer["hopp_region"],
        "now": moment.now,
        "today": moment.today,
        "since": moment.now - timedelta(days=REFERRAL_WINDOW_DAYS),
        "review_soon": REVIEW_SOON_DAYS,
    }


def _page(client: Client, url: str, pattern: re.Pattern) -> dict:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return {key: int(count) for key, count in pattern.findall(response.content.decode())}


def _compare(name, app, sql, *, repetitions: int, memory: bool) -> Comparison:
    comparison = alternate(name, app, {"hand-written SQL": sql}, repetitions=repetitions, same=same_figures)
    queries = profile(comparison, app, memory=memory)
    database = sum(float(query["time"]) for query in queries)
    counted = app()
    comparison.note = (
        f"{len(counted)} figures, {sum(counted.values()):,} counted in all, the same as the SQL's; "
        f"{database * 1000:.0f} ms of one run in the database, the rest in Python"
    )
    return comparison


def as_fetched(user):
    """The user as each request has them, read afresh: nothing worked out in an earlier repetition (their roles,
    their dashboard's scope, both kept on the user object) is reused."""
    return get_user_model().objects.select_related("profile__team__pdu").get(pk=user.pk)


def dashboard_benchmarks(*, repetitions: int, memory: bool = True) -> tuple[list[Comparison], list[tuple]]:
    """The comparisons (figures, then the whole page, for each dashboard) and the plans of the figures' statements."""
    manager, head = dashboard_users()
    comparisons, plans = [], []
    if manager is not None:
        on = timezone.localdate()
        params = team_params(manager, on)
        figures = _compare(
            "Team dashboard figures: the line manager with the largest team",
            lambda: count_figures(FIGURES, user=as_fetched(manager), on=on),
            lambda: run_sql(TEAM_SQL, params),
            repetitions=repetitions,
            memory=memory,
        )
        client = Client()
        client.force_login(manager)
        page = _compare(
            "Team dashboard, whole page (test client)",
            lambda: _page(client, "/dashboard/", TEAM_COUNTS),
            lambda: run_sql(TEAM_SQL, params),
            repetitions=repetitions,
            memory=memory,
        )
        comparisons += [figures, page]
        plans += _plans("Team dashboard figures", lambda: count_figures(FIGURES, user=manager, on=on), TEAM_SQL, params)
    if head is not None:
        moment = Moment(timezone.now())
        params = region_params(head, moment)

        def region_figures():
            return breakdown(as_fetched(head), area_for(params["region"], {}), moment=moment).totals

        client = Client()
        client.force_login(head)
        comparisons.append(
            _compare(
                "Region dashboard figures: the Head of Public Protection of the largest region",
                region_figures,
                lambda: run_sql(REGION_SQL, params),
                repetitions=repetitions,
                memory=memory,
            )
        )
        # The page reads the clock itself, so its baseline does too (a figure could tip over between the two).
        comparisons.append(
            _compare(
                "Region dashboard, whole page (test client)",
                lambda: _page(client, "/mappa/region-dashboard/", REGION_COUNTS),
                lambda: run_sql(REGION_SQL, region_params(head, Moment(timezone.now()))),
                repetitions=repetitions,
                memory=memory,
            )
        )
        plans += _plans("Region dashboard figures", region_figures, REGION_SQL, params)
    return comparisons, plans


def _plans(title: str, app, statement: str, params: dict) -> list[tuple]:
    _, _, queries = count_queries(app)
    with connection.cursor() as cursor:
        sql = cursor.mogrify(statement, params).decode()
    return [*plans_for(f"{title}, slowest statement", queries, count=1), (f"Baseline: {title}", sql, explain(sql))]
