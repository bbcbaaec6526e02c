"""The case records: people on probation with a sentence, RoSH (about 15% high or very high, 45% medium, 40%
low), tier, MAPPA category and level, and the officer holding the case. CRNs are one letter and six digits.

Each case has what intake (supervision/services/intake.py) and allocation write: a PNC number with its check
letter, the sentencing court (orders) or the releasing prison (licences and post-sentence supervision), and the
allocation records of its opening into the team's queue and its allocation by the team's line manager. A closed
or recalled case has its day and reason, with the closure's change row (supervision/services/closure.py). A few
cases per team were opened in the last days and still wait in the team's allocation queue, with no officer:
written after the contacts (`build_waiting_cases`), so, as in life, nothing has been recorded on them yet.
"""

import json

from supervision.models import Case, CaseAllocation, CaseChange
from supervision.scale.names import CLOSURE_REASONS, FIRST_NAMES, LAST_NAMES, PRISONS, STREETS, TOWNS
from supervision.scale.sql import insert_history, table
from supervision.services.intake import PNC_CHECK_LETTERS

CASE, ALLOCATION, CHANGE = table(Case), table(CaseAllocation), table(CaseChange)
CRN_LETTERS = "ABCDEFGHJKLMNPRSTUVWXZ"  # 22 letters: n -> (letter n % 22, number from n / 22) is one-to-one
# PNC serials: n -> (n * 7919 + 104729) mod 10^7 is one-to-one (7919 is prime to 10), so PNC numbers are unique.
PNC_SERIALS = 10_000_000

# Where the case numbers come from: each officer's (the first `active` active, the rest closed), or each team's
# allocation queue (all active, no officer).
OFFICER_CASES = """
    SELECT o.user_id, o.team_id, s.n, s.n - o.lo >= o.active AS closed, false AS waiting
    FROM scale_officer o CROSS JOIN LATERAL generate_series(o.lo, o.hi) AS s(n)
"""
WAITING_CASES = """
    SELECT NULL::int AS user_id, q.team_id, s.n, false AS closed, true AS waiting
    FROM scale_queue q CROSS JOIN LATERAL generate_series(q.lo, q.hi) AS s(n)
"""

CASES_SQL = f"""
INSERT INTO {CASE} (crn, first_name, last_name, date_of_birth, address, postcode, pnc_number, supervision_type,
    started_on, expected_end_on, hdc_curfew_ends_on, rosh, rosh_assessed_on, tier, mappa_category, mappa_level,
    status, closed_on, closure_reason, version, team_id, responsible_officer_id, awaiting_allocation_since, court,
    releasing_prison, created_at, updated_at)
SELECT
    substr(%(letters)s, 1 + n %% 22, 1) || lpad((((n / 22) * 7919 + 104729) %% 1000000)::text, 6, '0'),
    (%(first)s::text[])[1 + floor(r_name * array_length(%(first)s::text[], 1))::int],
    (%(last)s::text[])[1 + floor(r_last * array_length(%(last)s::text[], 1))::int],
    date_of_birth,
    (1 + n %% 140)::text || ' ' || (%(streets)s::text[])[1 + n %% array_length(%(streets)s::text[], 1)]
        || E'\\n' || town,
    'AV' || (1 + n %% 9)::text || ' ' || (1 + n %% 7)::text || substr('ABDEFGHJLNPQRSTUWXYZ', 1 + n %% 20, 1)
        || substr('ABDEFGHJLNPQRSTUWXYZ', 1 + (n / 20) %% 20, 1),
    -- The year the person was first recorded, the serial and its check letter (as `normalise_pnc` stores it).
    pnc_year::text || '/' || lpad(pnc_serial::text, 7, '0')
        || substr(%(pnc_letters)s, 1 + (((pnc_year %% 100)::bigint * 10000000 + pnc_serial) %% 23)::int, 1),
    supervision_type,
    started_on,
    expected_end_on,
    CASE WHEN supervision_type = 'LICENCE' AND r_hdc < 0.12
         THEN least(started_on + 28 + floor(r_hdc * 500)::int, expected_end_on - 1) END,
    rosh,
    NULL,  -- set by a RoSH reassessment (supervision/services/case_changes.py); intake leaves it empty
    CASE rosh
        WHEN 'VERY_HIGH' THEN substr('AAB', 1 + floor(r_tier * 3)::int, 1)
        WHEN 'HIGH' THEN substr('ABBCC', 1 + floor(r_tier * 5)::int, 1)
        WHEN 'MEDIUM' THEN substr('BCDDE', 1 + floor(r_tier * 5)::int, 1)
        ELSE substr('DEFFGG', 1 + floor(r_tier * 6)::int, 1) END,
    CASE WHEN mappa THEN CASE WHEN r_cat < 0.35 THEN 1 WHEN r_cat < 0.85 THEN 2 WHEN r_cat < 0.99 THEN 3 ELSE 4 END END,
    CASE WHEN mappa THEN CASE WHEN r_level < 0.85 THEN 1 WHEN r_level < 0.97 THEN 2 ELSE 3 END END,
    status,
    closed_on,
    closure_reason,
    CASE WHEN status = 'ACTIVE' THEN 1 ELSE 2 END,  -- the closure is the one change since the case was opened
    team_id, user_id,
    CASE WHEN waiting THEN awaiting_since END,
    CASE WHEN supervision_type IN ('CO', 'SSO') THEN town || CASE
        WHEN r_court < CASE supervision_type WHEN 'SSO' THEN 0.55 ELSE 0.12 END THEN ' Crown Court'
        ELSE ' Magistrates'' Court' END ELSE '' END,
    CASE WHEN supervision_type IN ('LICENCE', 'PSS')
         THEN (%(prisons)s::text[])[1 + floor(r_court * array_length(%(prisons)s::text[], 1))::int] ELSE '' END,
    created_at,
    CASE WHEN closed_on IS NULL THEN created_at ELSE closed_on + interval '16 hours' END
FROM (
    SELECT b.*,
        greatest(extract(year FROM date_of_birth)::int + 16,
                 extract(year FROM started_on)::int - floor(r_pnc * 12)::int) AS pnc_year,
        (n::bigint * 7919 + 104729) %% {PNC_SERIALS} AS pnc_serial,
        CASE WHEN waiting THEN awaiting_since
             ELSE started_on - interval '7 days' + interval '10 hours' END AS created_at,
        CASE WHEN status = 'ACTIVE' THEN NULL
             WHEN closure_reason = 'SENTENCE_ENDED' THEN expected_end_on
             -- Died, transferred out or recalled part way through: after the contacts on record (60%% of it).
             ELSE least(expected_end_on, started_on + ceil((expected_end_on - started_on) * 0.6)::int + 1
                        + floor(r_when * (expected_end_on - started_on) * 0.3)::int) END AS closed_on
    FROM (
        SELECT a.*,
            started_on - ((18 + floor(r_age * 45)::int) * 365 + floor(r_day * 365)::int) AS date_of_birth,
            (%(towns)s::text[])[1 + (n / 7) %% array_length(%(towns)s::text[], 1)] AS town,
            -- Opened into the queue on the day supervision started or the day after, in office hours.
            started_on + floor(r_wait * 2)::int + interval '9 hours' + floor(r_day * 32) * interval '15 minutes'
                AS awaiting_since,
            CASE WHEN closed THEN least(started_on + 180 + floor(r_len * 700)::int, %(today)s::date - 1)
                 ELSE %(today)s::date + 14 + floor(r_len * 540)::int END AS expected_end_on,
            CASE WHEN NOT closed THEN 'ACTIVE'
                 WHEN supervision_type IN ('LICENCE', 'PSS') AND r_close >= 0.7 THEN 'RECALLED'
                 ELSE 'CLOSED' END AS status,
            CASE WHEN NOT closed THEN ''
                 WHEN supervision_type IN ('LICENCE', 'PSS') AND r_close >= 0.7 THEN 'RECALLED'
                 WHEN r_why < 0.85 THEN 'SENTENCE_ENDED' WHEN r_why < 0.95 THEN 'TRANSFERRED_OUT'
                 ELSE 'DIED' END AS closure_reason
        FROM (
            SELECT g.*,
                CASE WHEN r_type < 0.45 THEN 'LICENCE' WHEN r_type < 0.55 THEN 'PSS' WHEN r_type < 0.85 THEN 'CO'
                     ELSE 'SSO' END AS supervision_type,
                CASE WHEN waiting THEN %(today)s::date - 2 - floor(r_start * 12)::int
                     WHEN closed THEN %(today)s::date - 400 - floor(r_start * 1400)::int
                     ELSE %(today)s::date - floor(power(r_start, 1.3) * 900)::int END AS started_on,
                CASE WHEN r_rosh < 0.40 THEN 'LOW' WHEN r_rosh < 0.85 THEN 'MEDIUM' WHEN r_rosh < 0.97 THEN 'HIGH'
                     ELSE 'VERY_HIGH' END AS rosh,
                -- MAPPA management is decided after intake: a case waiting for allocation has none yet.
                NOT waiting AND ((r_rosh >= 0.85 AND r_mappa < 0.45) OR (r_rosh >= 0.40 AND r_rosh < 0.85
                                                                         AND r_mappa < 0.04)) AS mappa
            FROM (
                SELECT src.*,
                    random() AS r_name, random() AS r_last, random() AS r_age, random() AS r_day, random() AS r_len,
                    random() AS r_hdc, random() AS r_tier, random() AS r_cat, random() AS r_level, random() AS r_type,
                    random() AS r_start, random() AS r_rosh, random() AS r_mappa, random() AS r_close,
                    random() AS r_why, random() AS r_when, random() AS r_court, random() AS r_pnc, random() AS r_wait
                FROM ({{source}}) src
                ORDER BY src.n
            ) g
        ) a
    ) b
) c
"""

# Intake's allocation record of the opening ("Licence, released from HMP Avonford."), then the line manager's
# allocation a day later; a waiting case has only the first. `{managers}`: the cases, each with who manages it.
ALLOCATIONS_SQL = f"""
INSERT INTO {ALLOCATION} (case_id, kind, from_team_id, to_team_id, from_officer_id, to_officer_id, reason, by_id, at)
SELECT c.id, k.kind,
    CASE WHEN k.kind = 'ALLOCATED' THEN c.team_id END,
    c.team_id, NULL,
    CASE WHEN k.kind = 'ALLOCATED' THEN c.responsible_officer_id END,
    CASE WHEN k.kind = 'OPENED' THEN
        (%(type_labels)s::text[])[array_position(%(types)s::text[], c.supervision_type::text)] || ', '
        || CASE WHEN c.releasing_prison <> '' THEN 'released from ' || c.releasing_prison
                ELSE 'sentenced at ' || c.court END || '.'
        ELSE %(allocated)s END,
    m.line_manager_id,
    c.created_at + k.after
FROM {CASE} c
JOIN ({{managers}}) m ON m.case_id = c.id
JOIN (VALUES ('OPENED', interval '0 hours', 1), ('ALLOCATED', interval '1 day', 2)) AS k(kind, after, step)
    ON k.kind = 'OPENED' OR c.responsible_officer_id IS NOT NULL
ORDER BY c.id, k.step
"""
ALLOCATED_CASE_MANAGERS = f"""
    SELECT c.id AS case_id, o.line_manager_id FROM {CASE} c JOIN scale_officer o ON o.user_id = c.responsible_officer_id
"""
WAITING_CASE_MANAGERS = f"""
    SELECT c.id AS case_id, q.line_manager_id FROM {CASE} c JOIN scale_queue q ON q.team_id = c.team_id
    WHERE c.responsible_officer_id IS NULL
"""

# The closure's change row, as `close_case` and `record_recall` write it (changes as `differences` keeps them).
CLOSURES_SQL = f"""
INSERT INTO {CHANGE} (case_id, kind, changes, effective_on, reason, authorised_by, changed_by_id, changed_at)
SELECT c.id, CASE c.status WHEN 'RECALLED' THEN 'RECALLED' ELSE 'CLOSED' END,
    jsonb_build_object(
        'status', jsonb_build_object('from', 'ACTIVE', 'to', c.status),
        'closure_reason', jsonb_build_object('from', '', 'to', c.closure_reason),
        'closed_on', jsonb_build_object('from', NULL, 'to', to_char(c.closed_on, 'YYYY-MM-DD'))),
    c.closed_on, %(reasons)s::jsonb ->> c.closure_reason, '', c.responsible_officer_id,
    c.closed_on + interval '16 hours'
FROM {CASE} c WHERE c.status <> 'ACTIVE'
ORDER BY c.id
"""


def _insert_cases(run, source: str) -> None:
    run.execute(
        CASES_SQL.replace("{source}", source),
        {
            "letters": CRN_LETTERS,
            "pnc_letters": PNC_CHECK_LETTERS,
            "first": FIRST_NAMES,
            "last": LAST_NAMES,
            "streets": STREETS,
            "towns": TOWNS,
            "prisons": PRISONS,
            "today": run.today,
        },
    )


def _insert_allocations(run, managers: str) -> None:
    run.execute(
        ALLOCATIONS_SQL.replace("{managers}", managers),
        {
            "types": list(Case.SupervisionType.values),
            "type_labels": [str(label) for label in Case.SupervisionType.labels],
            "allocated": "Allocated on opening: the officer with room on their caseload for this risk level.",
        },
    )


def build_cases(run) -> None:
    _insert_cases(run, OFFICER_CASES)
    # Case rows are written directly, as the demo's are: their history row has no user.
    insert_history(run.cursor, Case, date_sql="t.created_at")
    _insert_allocations(run, ALLOCATED_CASE_MANAGERS)
    run.execute(CLOSURES_SQL, {"reasons": json.dumps(CLOSURE_REASONS)})


def build_waiting_cases(run) -> None:
    """The cases waiting in each team's allocation queue: opened by the team's line manager (their history row
    names them, as `open_case` does), with the opening's allocation record and nothing else yet."""
    _insert_cases(run, WAITING_CASES)
    insert_history(
        run.cursor,
        Case,
        date_sql="t.created_at",
        user_sql="(SELECT q.line_manager_id FROM scale_queue q WHERE q.team_id = t.team_id)",
        where="t.responsible_officer_id IS NULL",
    )
    _insert_allocations(run, WAITING_CASE_MANAGERS)
