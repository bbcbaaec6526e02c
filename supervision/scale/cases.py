"""The case records: people on probation with a sentence, RoSH (about 15% high or very high, 45% medium, 40%
low), tier, MAPPA category and level, and the officer holding the case. CRNs are one letter and six digits."""

from supervision.models import Case
from supervision.scale.names import FIRST_NAMES, LAST_NAMES, STREETS, TOWNS
from supervision.scale.sql import insert_history, table

CRN_LETTERS = "ABCDEFGHJKLMNPRSTUVWXZ"  # 22 letters: n -> (letter n % 22, number from n / 22) is one-to-one

CASES_SQL = f"""
INSERT INTO {table(Case)} (crn, first_name, last_name, date_of_birth, address, postcode, supervision_type,
    started_on, expected_end_on, hdc_curfew_ends_on, rosh, tier, mappa_category, mappa_level, status, team_id,
    responsible_officer_id, created_at, updated_at)
SELECT
    substr(%(letters)s, 1 + n %% 22, 1) || lpad((((n / 22) * 7919 + 104729) %% 1000000)::text, 6, '0'),
    (%(first)s::text[])[1 + floor(r_name * array_length(%(first)s::text[], 1))::int],
    (%(last)s::text[])[1 + floor(r_last * array_length(%(last)s::text[], 1))::int],
    started_on - ((18 + floor(r_age * 45)::int) * 365 + floor(r_day * 365)::int),
    (1 + n %% 140)::text || ' ' || (%(streets)s::text[])[1 + n %% array_length(%(streets)s::text[], 1)]
        || E'\\n' || (%(towns)s::text[])[1 + (n / 7) %% array_length(%(towns)s::text[], 1)],
    'AV' || (1 + n %% 9)::text || ' ' || (1 + n %% 7)::text || substr('ABDEFGHJLNPQRSTUWXYZ', 1 + n %% 20, 1)
        || substr('ABDEFGHJLNPQRSTUWXYZ', 1 + (n / 20) %% 20, 1),
    supervision_type,
    started_on,
    CASE WHEN closed THEN least(started_on + 180 + floor(r_len * 700)::int, %(today)s::date - 1)
         ELSE %(today)s::date + 14 + floor(r_len * 540)::int END,
    CASE WHEN supervision_type = 'LICENCE' AND r_hdc < 0.12 THEN started_on + 28 + floor(r_hdc * 500)::int END,
    rosh,
    CASE rosh
        WHEN 'VERY_HIGH' THEN substr('AAB', 1 + floor(r_tier * 3)::int, 1)
        WHEN 'HIGH' THEN substr('ABBCC', 1 + floor(r_tier * 5)::int, 1)
        WHEN 'MEDIUM' THEN substr('BCDDE', 1 + floor(r_tier * 5)::int, 1)
        ELSE substr('DEFFGG', 1 + floor(r_tier * 6)::int, 1) END,
    CASE WHEN mappa THEN CASE WHEN r_cat < 0.35 THEN 1 WHEN r_cat < 0.85 THEN 2 WHEN r_cat < 0.99 THEN 3 ELSE 4 END END,
    CASE WHEN mappa THEN CASE WHEN r_level < 0.85 THEN 1 WHEN r_level < 0.97 THEN 2 ELSE 3 END END,
    CASE WHEN NOT closed THEN 'ACTIVE' WHEN r_hdc < 0.8 THEN 'CLOSED' ELSE 'RECALLED' END,
    team_id, user_id,
    started_on - interval '7 days' + interval '10 hours',
    started_on - interval '7 days' + interval '10 hours'
FROM (
    SELECT g.*,
        CASE WHEN r_type < 0.45 THEN 'LICENCE' WHEN r_type < 0.55 THEN 'PSS' WHEN r_type < 0.85 THEN 'CO'
             ELSE 'SSO' END AS supervision_type,
        CASE WHEN closed THEN %(today)s::date - 400 - floor(r_start * 1400)::int
             ELSE %(today)s::date - floor(power(r_start, 1.3) * 900)::int END AS started_on,
        CASE WHEN r_rosh < 0.40 THEN 'LOW' WHEN r_rosh < 0.85 THEN 'MEDIUM' WHEN r_rosh < 0.97 THEN 'HIGH'
             ELSE 'VERY_HIGH' END AS rosh,
        (r_rosh >= 0.85 AND r_mappa < 0.45) OR (r_rosh >= 0.40 AND r_rosh < 0.85 AND r_mappa < 0.04) AS mappa
    FROM (
        SELECT o.user_id, o.team_id, s.n, s.n - o.lo >= o.active AS closed,
            random() AS r_name, random() AS r_last, random() AS r_age, random() AS r_day, random() AS r_len,
            random() AS r_hdc, random() AS r_tier, random() AS r_cat, random() AS r_level, random() AS r_type,
            random() AS r_start, random() AS r_rosh, random() AS r_mappa
        FROM scale_officer o CROSS JOIN LATERAL generate_series(o.lo, o.hi) AS s(n)
        ORDER BY s.n
    ) g
) c
"""


def build_cases(run) -> None:
    run.execute(
        CASES_SQL,
        {
            "letters": CRN_LETTERS,
            "first": FIRST_NAMES,
            "last": LAST_NAMES,
            "streets": STREETS,
            "towns": TOWNS,
            "today": run.today,
        },
    )
    # Case rows are written directly (there is no intake service): their history row has no user, as the demo's.
    insert_history(run.cursor, Case, date_sql="t.created_at")
