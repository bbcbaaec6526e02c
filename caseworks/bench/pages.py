"""List pages (an officer's caseload, a line manager's team, the Head of Public Protection's region) through the
whole Django stack, against one hand-written SQL statement returning the same page: the same cases in the same
order, the same total, each with its officer, last contact, last home visit, next appointment and open flags.

The page sorts and pages in the query (supervision/views/caseload.py): by default by name, ties broken by CRN,
50 to a page. A team's and a region's list hold the active cases still waiting in an allocation queue, with no
officer ("Not allocated"), so the officer is an outer join: an inner one would drop them from the page and the
total."""

import re

from django.db import connection
from django.test import Client

from caseworks.bench.measure import Comparison, alternate, profile
from supervision.models import Contact, StaffProfile
from supervision.views.caseload import PAGE_SIZE, TIE_BREAK

SEEN = ", ".join(f"'{outcome}'" for outcome in Contact.SEEN_OUTCOMES)
CRN = re.compile(r'<span class="govuk-body-s">([A-Z]\d{6})</span>')
TOTAL = re.compile(r"(\d+) cases?(?:, page|\.)")
ORDER = ", ".join(TIE_BREAK)  # the page's default order: last name, first name, CRN
PAGE_ORDER = ", ".join(f"page.{column}" for column in TIE_BREAK)

# The cases the user may see (team or region, limited access applied), active, allocated or not, in the page's
# order; the officer, contact summary and flags only for the page's 50.
PAGE_SQL = f"""
WITH visible AS (
    SELECT c.id, c.crn, c.first_name, c.last_name, c.rosh, c.tier, c.mappa_category, c.mappa_level,
        c.responsible_officer_id
    FROM supervision_case c JOIN supervision_team t ON t.id = c.team_id JOIN supervision_pdu p ON p.id = t.pdu_id
    WHERE c.status = 'ACTIVE'
      AND (c.team_id = %(team)s OR p.region_id = %(region)s)
      AND (%(officer)s::int IS NULL OR c.responsible_officer_id = %(officer)s)
      AND NOT EXISTS (
          SELECT 1 FROM supervision_caseaccesslimit l
          WHERE l.case_id = c.id AND (
              (l.kind = 'EXCLUSION' AND EXISTS (SELECT 1 FROM supervision_caseaccesslimit_staff s
                                                WHERE s.caseaccesslimit_id = l.id AND s.user_id = %(user)s))
              OR (l.kind = 'RESTRICTION' AND p.region_id IS DISTINCT FROM %(region)s
                  AND NOT EXISTS (SELECT 1 FROM supervision_caseaccesslimit_staff s
                                  WHERE s.caseaccesslimit_id = l.id AND s.user_id = %(user)s))))
), page AS (
    SELECT * FROM visible ORDER BY {ORDER} LIMIT {PAGE_SIZE}
)
SELECT page.crn, (SELECT count(*) FROM visible), page.first_name, page.last_name, page.rosh, page.tier,
    page.mappa_category, page.mappa_level,
    coalesce(nullif(trim(u.first_name || ' ' || u.last_name), ''), u.username, 'Not allocated') AS officer,
    summary.*, flags.names
FROM page
LEFT JOIN auth_user u ON u.id = page.responsible_officer_id
CROSS JOIN LATERAL (
    SELECT max(k.starts_at) FILTER (WHERE seen) AS last_contact_at,
           max(k.starts_at) FILTER (WHERE seen AND t.is_home_visit) AS last_home_visit_at,
           min(k.starts_at) FILTER (WHERE k.is_appointment AND k.cancelled_at IS NULL AND k.starts_at > now())
               AS next_appointment_at
    FROM supervision_contact k JOIN supervision_contacttype t ON t.id = k.contact_type_id
    CROSS JOIN LATERAL (SELECT k.starts_at <= now() AND k.outcome IN ({SEEN})
                               AND t."group" NOT IN ('AGENCY', 'KEY_INDIVIDUAL') AS seen) s
    WHERE k.case_id = page.id
) summary
CROSS JOIN LATERAL (
    SELECT array_agg(ft.name ORDER BY ft.name) AS names
    FROM supervision_riskflag f JOIN supervision_riskflagtype ft ON ft.id = f.flag_type_id
    WHERE f.case_id = page.id AND f.ended_on IS NULL
) flags
ORDER BY {PAGE_ORDER}
"""


def page_numbers(html: str) -> tuple[int, list[str]]:
    """The total the page states and the CRNs of its rows, in order."""
    total = TOTAL.search(html)
    return (int(total.group(1)) if total else -1), CRN.findall(html)


def sql_numbers(rows) -> tuple[int, list[str]]:
    return (rows[0][1] if rows else 0), [row[0] for row in rows]


def _viewer(user, *, own_caseload: bool) -> dict:
    profile = StaffProfile.objects.select_related("team__pdu").get(user=user)
    return {
        "user": user.pk,
        "team": profile.team_id if profile.grade in ("PO", "PSO", "SPO") else None,
        "region": profile.region_id if profile.grade == "HOPP" else None,
        "officer": user.pk if own_caseload else None,
    }


def list_page_benchmark(name: str, user, *, own_caseload: bool, repetitions: int, memory: bool = True) -> Comparison:
    client = Client()
    client.force_login(user)
    params = _viewer(user, own_caseload=own_caseload)

    def app():
        response = client.get("/caseload/")
        assert response.status_code == 200, response.status_code
        return page_numbers(response.content.decode())

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(PAGE_SQL, params)
            return sql_numbers(cursor.fetchall())

    comparison = alternate(name, app, {"hand-written SQL": baseline}, repetitions=repetitions, same=lambda a, b: a == b)
    profile(comparison, app, memory=memory)
    total, crns = app()
    comparison.note = f"{total:,} cases listed, {len(crns)} on the page; same cases and total as the SQL"
    return comparison


def chosen_users():
    """The officer with the largest caseload (the tail), their line manager, and their region's Head."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT responsible_officer_id FROM supervision_case "
            "WHERE status = 'ACTIVE' AND responsible_officer_id IS NOT NULL "  # not the allocation queues
            "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
        )
        officer_id = cursor.fetchone()[0]
    officer = StaffProfile.objects.select_related("user", "line_manager").get(user_id=officer_id)
    manager = StaffProfile.objects.select_related("line_manager").get(user=officer.line_manager)
    return officer.user, officer.line_manager, manager.line_manager
