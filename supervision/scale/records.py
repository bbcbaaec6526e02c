"""What the officer records on a case beyond contacts: key individuals, licence conditions, risk flags (with
their review dates, some overdue), case-level contact requirements set by line managers, limited access set
by the Head of Public Protection, and acute risk factors awaiting review. Each with its history row."""

from supervision.models import (
    AcuteRiskFactor,
    Case,
    CaseAccessLimit,
    CaseContactRequirement,
    KeyIndividual,
    LicenceCondition,
    LicenceConditionType,
    RiskFlag,
    RiskFlagType,
)
from supervision.scale.names import ACUTE_RISK_DESCRIPTIONS, CASE_REQUIREMENT_REASONS, FIRST_NAMES
from supervision.scale.sql import insert_history, table

CASE = table(Case)

# Flag type code -> chance for (low, medium, high or very high) RoSH cases. MAPP and RSOF follow the MAPPA
# category instead (below).
FLAG_CHANCES = {
    "DAPE": (0.03, 0.12, 0.30),
    "CHCN": (0.04, 0.10, 0.15),
    "CHPR": (0.0, 0.01, 0.05),
    "STLK": (0.005, 0.02, 0.04),
    "REST": (0.02, 0.04, 0.06),
    "RTKA": (0.02, 0.05, 0.08),
    "VCSC": (0.01, 0.04, 0.12),
}


def build_key_individuals(run) -> None:
    run.execute(
        f"""
        INSERT INTO {table(KeyIndividual)} (case_id, name, relationship, is_victim, is_potential_victim,
            is_vulnerable, is_pregnant, children, phone, address, notes, created_by_id, created_at, updated_at,
            version)
        SELECT c.id,
            (%(first)s::text[])[1 + (c.id * 13 + j * 5) %% array_length(%(first)s::text[], 1)] || ' ' || c.last_name,
            (ARRAY['MOTHER', 'PARTNER', 'CHILD'])[j],
            false, j = 2 AND c.rosh IN ('HIGH', 'VERY_HIGH'), j = 3, false, '',
            '07700 9' || lpad(((c.id * 7 + j) %% 100000)::text, 5, '0'), '', '',
            c.responsible_officer_id, c.created_at + interval '3 days', c.created_at + interval '3 days', 1
        FROM {CASE} c CROSS JOIN LATERAL generate_series(1, (c.id * 37 + 11) %% 4) AS j
        """,
        {"first": FIRST_NAMES},
    )
    insert_history(run.cursor, KeyIndividual, date_sql="t.created_at", user_sql="t.created_by_id")


def build_conditions(run) -> None:
    """The seven standard conditions on every licence and post-sentence supervision; an additional condition
    or two on some cases (never a non-contact one, which needs its named person)."""
    run.execute(
        f"""
        INSERT INTO {table(LicenceCondition)} (case_id, condition_type_id, wording, started_on, ended_on, end_reason,
            exclusion_zone_description, created_by_id, created_at, updated_at, version)
        SELECT c.id, t.id, t.default_wording, c.started_on, NULL, '',
            CASE WHEN t.category = 'EXCLUSION' THEN 'The area marked on the attached map around the town centre.'
                 ELSE '' END,
            c.responsible_officer_id, c.created_at, c.created_at, 1
        FROM {CASE} c JOIN {table(LicenceConditionType)} t ON t.is_active AND (
            (t.category = 'STANDARD' AND c.supervision_type IN ('LICENCE', 'PSS'))
            OR (t.category NOT IN ('STANDARD', 'NON_CONTACT') AND (c.id * 31 + t.id * 17) %% 23 = 0)
        )
        """
    )
    insert_history(run.cursor, LicenceCondition, date_sql="t.created_at", user_sql="t.created_by_id")


def build_risk_flags(run) -> None:
    codes = list(FLAG_CHANCES)
    run.execute(
        f"""
        INSERT INTO {table(RiskFlag)} (case_id, flag_type_id, started_on, next_review_on, ended_on, end_reason,
            notes, created_by_id, created_at, updated_at, version)
        SELECT case_id, type_id, started_on,
            CASE WHEN overdue THEN greatest(started_on, %(today)s::date - 1 - floor(random() * 40)::int)
                 ELSE greatest(started_on, %(today)s::date) + 1 + floor(random() * months * 30)::int END,
            NULL, '', '', officer, started_on + interval '11 hours', started_on + interval '11 hours', 1
        FROM (
            SELECT c.id AS case_id, t.id AS type_id, t.review_every_months AS months,
                c.responsible_officer_id AS officer,
                least(%(today)s::date, c.started_on + floor(random() * 60)::int) AS started_on,
                random() < 0.08 AS overdue
            FROM {CASE} c
            JOIN {table(RiskFlagType)} t ON t.is_active
            JOIN unnest(%(codes)s::text[], %(low)s::float[], %(medium)s::float[], %(high)s::float[])
                AS p(code, low, medium, high) ON p.code = t.code
            WHERE random() < CASE c.rosh WHEN 'LOW' THEN p.low WHEN 'MEDIUM' THEN p.medium ELSE p.high END
            UNION ALL
            SELECT c.id, t.id, t.review_every_months, c.responsible_officer_id,
                least(%(today)s::date, c.started_on + floor(random() * 30)::int), random() < 0.05
            FROM {CASE} c JOIN {table(RiskFlagType)} t
                ON (t.code = 'MAPP' AND c.mappa_category IS NOT NULL) OR (t.code = 'RSOF' AND c.mappa_category = 1)
        ) f
        """,
        {
            "today": run.today,
            "codes": codes,
            "low": [FLAG_CHANCES[c][0] for c in codes],
            "medium": [FLAG_CHANCES[c][1] for c in codes],
            "high": [FLAG_CHANCES[c][2] for c in codes],
        },
    )
    insert_history(run.cursor, RiskFlag, date_sql="t.created_at", user_sql="t.created_by_id")


def build_case_requirements(run) -> None:
    """A higher level of contact set by the line manager on about 3% of high-risk active cases: a home visit
    every 7 days (any home visit counts) or an office appointment every 7 days (planned office appointments)."""
    run.execute(
        f"""
        INSERT INTO {table(CaseContactRequirement)} (case_id, reason, starts_on, ends_on, set_by_id, ended_on,
            ended_by_id, end_reason, contact_description, counts_home_visits, channels, contacts_needed, every_days,
            grace_days, notify_line_manager_after_days, chronic_overdue_periods, chronic_within_periods, created_at,
            updated_at, version)
        SELECT c.id, (%(reasons)s::text[])[1 + c.id %% 2], s.starts_on, s.starts_on + 84, o.line_manager_id, NULL,
            NULL, '', CASE WHEN c.id %% 2 = 0 THEN 'Home visit' ELSE 'Office appointment' END, c.id %% 2 = 0,
            '[]'::jsonb, 1, 7, 0, 7, NULL, NULL, s.starts_on + interval '14 hours', s.starts_on + interval '14 hours', 1
        FROM (
            SELECT c.*, row_number() OVER (ORDER BY c.id) AS nth FROM {CASE} c
            WHERE c.status = 'ACTIVE' AND c.rosh IN ('HIGH', 'VERY_HIGH')
        ) c
        JOIN scale_officer o ON o.user_id = c.responsible_officer_id
        CROSS JOIN LATERAL (SELECT greatest(c.started_on, %(today)s::date - ((c.id * 7) %% 60)::int) AS starts_on) s
        WHERE c.nth %% 33 = 1
        """,
        {"reasons": CASE_REQUIREMENT_REASONS, "today": run.today},
    )
    through = CaseContactRequirement.contact_types.through
    run.execute(
        f"""
        INSERT INTO {table(through)} (casecontactrequirement_id, contacttype_id)
        SELECT r.id, t.id FROM {table(CaseContactRequirement)} r JOIN supervision_contacttype t ON t.code = 'COAP'
        WHERE NOT r.counts_home_visits
        """
    )
    insert_history(run.cursor, CaseContactRequirement, date_sql="t.created_at", user_sql="t.set_by_id")


def build_access_limits(run) -> None:
    """Restrictions on about 0.5% of cases (only the officer and their line manager may see them) and
    exclusions on about 0.3% (a colleague in the team may not), set by the region's Head of Public Protection."""
    limit, staff = table(CaseAccessLimit), table(CaseAccessLimit.staff.through)
    cases = max(6, run.scalar(f"SELECT count(*) FROM {CASE}"))
    run.execute(
        f"""
        INSERT INTO {limit} (case_id, kind, message, reason, set_by_id, set_at)
        SELECT c.id, k.kind,
            'This case has limited access. Ask the Head of Public Protection for the region if you need to see it.',
            CASE k.kind WHEN 'RESTRICTION' THEN 'A member of the public is related to a member of staff.'
                 ELSE 'A member of staff knows the person on probation outside work.' END,
            h.user_id, now()
        FROM {CASE} c
        JOIN scale_officer o ON o.user_id = c.responsible_officer_id
        JOIN supervision_staffprofile h ON h.region_id = o.region_id AND h.grade = 'HOPP'
        JOIN (VALUES ('RESTRICTION', %(restriction)s, 7), ('EXCLUSION', %(exclusion)s, 11)) AS k(kind, every, offset_by)
            ON (c.id + k.offset_by) %% k.every = 0
        """,
        # One case in 200 restricted, one in 333 with an exclusion; at the test size at least one of each.
        {"restriction": min(200, cases // 3), "exclusion": min(333, cases // 2)},
    )
    run.execute(
        f"""
        INSERT INTO {staff} (caseaccesslimit_id, user_id)
        SELECT l.id, u.user_id FROM {limit} l JOIN {CASE} c ON c.id = l.case_id
        JOIN scale_officer o ON o.user_id = c.responsible_officer_id
        CROSS JOIN LATERAL (
            SELECT c.responsible_officer_id AS user_id WHERE l.kind = 'RESTRICTION'
            UNION ALL SELECT o.line_manager_id WHERE l.kind = 'RESTRICTION'
            UNION ALL SELECT (SELECT p.user_id FROM scale_officer p WHERE p.team_id = o.team_id
                              AND p.user_id <> o.user_id ORDER BY p.idx LIMIT 1) WHERE l.kind = 'EXCLUSION'
        ) u WHERE u.user_id IS NOT NULL
        """
    )


def build_acute_risk_factors(run) -> None:
    run.execute(
        f"""
        INSERT INTO {table(AcuteRiskFactor)} (case_id, description, identified_on, key_individual_id, raised_by_id,
            raised_at, reviewed_at, reviewed_by_id, review_notes, version)
        SELECT c.id, (%(descriptions)s::text[])[1 + c.id %% 3], d.day, NULL, c.responsible_officer_id,
            d.day + interval '15 hours', NULL, NULL, '', 1
        FROM {CASE} c CROSS JOIN LATERAL (SELECT greatest(c.started_on, %(today)s::date - (c.id %% 20)::int) AS day) d
        WHERE c.status = 'ACTIVE' AND (c.id * 13) %% 100 = 0
        """,
        {"descriptions": ACUTE_RISK_DESCRIPTIONS, "today": run.today},
    )
    insert_history(run.cursor, AcuteRiskFactor, date_sql="t.raised_at", user_sql="t.raised_by_id")
