"""Contacts: the bulk of the data. Each case gets contacts spread over its supervision, in proportion to its
length and its risk (high and very high RoSH several times the median), starting with the initial appointment;
each active case has an appointment booked. Outcomes, who made the contact, where, evidence due dates and
absence reasons are filled as the contacts service fills them. Written in chunks of cases, for the progress bar.
"""

from supervision.models import Case, Contact, ContactType
from supervision.scale.names import LAST_NAMES, NOTES
from supervision.scale.sql import chunks, id_range, insert_history, table, without_secondary_indexes

CASE, CONTACT, TYPE = table(Case), table(Contact), table(ContactType)

# Contact types by percentage, for low or medium RoSH cases and for high or very high ones.
MIX = {
    "usual": {"COAP": 38, "COVC": 5, "COPT": 12, "CHVS": 5, "CHVU": 1, "CTIN": 6, "CTOU": 10, "CEML": 8, "CLPO": 3,
              "CLCS": 2, "CLVL": 1, "CLHE": 3, "CLHO": 3, "CKIN": 3},
    "high": {"COAP": 30, "COVC": 3, "COPT": 6, "CHVS": 12, "CHVU": 4, "CHVP": 3, "CTIN": 4, "CTOU": 8, "CEML": 5,
             "CLPO": 6, "CLCS": 4, "CLVL": 3, "CLMP": 3, "CLMR": 2, "CLHE": 2, "CLHO": 1, "CKIN": 2, "CKIH": 2},
}  # fmt: skip
RISK_WEIGHT_SQL = "CASE c.rosh WHEN 'LOW' THEN 1.0 WHEN 'MEDIUM' THEN 1.6 WHEN 'HIGH' THEN 3.5 ELSE 5.0 END"
# Days a case has had contacts over, and how much of that time a closed case's record holds.
SPAN_SQL = (
    "CASE WHEN c.status = 'ACTIVE' THEN %(today)s::date - c.started_on + 7 "
    "ELSE (c.expected_end_on - c.started_on) * 0.6 + 7 END"
)
# Days the contacts are spread over: an active case's up to today, a closed case's over part of its sentence.
DAYS_SQL = (
    "CASE WHEN c.status = 'ACTIVE' THEN %(today)s::date - c.started_on + 1 "
    "ELSE (c.expected_end_on - c.started_on) * 0.6 + 1 END"
)

CONTACTS_SQL = f"""
INSERT INTO {CONTACT} (case_id, contact_type_id, starts_at, is_appointment, made_by, made_by_user_id, made_by_name,
    made_by_identifier, made_by_agency, location, outcome, absence_reason, evidence_due_on, absence_judged_on,
    notes, is_sensitive,
    key_individual_id, licence_condition_id, recorded_by_id, recorded_at, updated_at, version)
SELECT x.case_id, x.type_id, x.starts_at, x.booked, x.made_by,
    CASE WHEN x.made_by = 'RO' THEN x.officer END,
    CASE WHEN x.made_by = 'POLICE' THEN 'PC ' || x.police_name ELSE '' END,
    CASE WHEN x.made_by = 'POLICE' THEN 'PC ' || (1000 + x.case_id %% 9000)::text ELSE '' END,
    '',
    CASE WHEN t.is_home_visit THEN replace(x.address, E'\\n', ', ') || ', ' || x.postcode ELSE '' END,
    x.outcome,
    CASE WHEN x.outcome = 'AA' THEN (ARRAY['MEDICAL', 'COURT', 'EMPLOYMENT', 'FAMILY', 'RELIGIOUS'])[1 + x.case_id %% 5]
         ELSE '' END,
    CASE WHEN x.outcome = 'FTA' THEN x.starts_at::date + 7 END,
    CASE WHEN x.outcome = 'UA' THEN x.recorded_at::date END,
    (%(notes)s::text[])[x.note_index],
    t.code = 'CLVL',
    CASE WHEN t."group" = 'KEY_INDIVIDUAL' THEN x.key_individual_id END,
    NULL, x.officer, x.recorded_at, x.recorded_at, 1
FROM (
    SELECT y.*,
        CASE
            WHEN NOT t.is_outcome_required THEN
                CASE WHEN t."group" = 'MESSAGES' AND y.r_outcome > 0.85 THEN 'NONE' ELSE 'MADE' END
            WHEN y.booked AND y.starts_at > now() - interval '3 days' AND y.r_outcome > 0.8 THEN ''
            WHEN y.r_outcome < 0.86 THEN 'ATTC'
            WHEN y.r_outcome < 0.89 THEN 'ATFC'
            WHEN y.r_outcome < 0.90 THEN 'ATSH'
            WHEN y.starts_at > now() - interval '7 days' THEN 'FTA'
            WHEN y.r_outcome < 0.95 THEN 'AA'
            WHEN y.r_outcome < 0.98 THEN 'UA'
            ELSE 'RESC' END AS outcome,
        CASE WHEN t.code = 'CHVP' THEN 'POLICE' ELSE 'RO' END AS made_by,
        least(now(), y.starts_at + interval '1 hour' + y.r_outcome * interval '40 hours') AS recorded_at,
        {{note_index}} AS note_index
    FROM (
        SELECT z.*, CASE WHEN t0.is_bookable AND z.r_booked < 0.6 THEN true ELSE false END AS booked
        FROM (
            SELECT c.id AS case_id, c.responsible_officer_id AS officer, c.address, c.postcode,
                ki.key_individual_id,
                (%(police)s::text[])[1 + c.id %% array_length(%(police)s::text[], 1)] AS police_name,
                CASE WHEN i = 1 THEN %(initial)s
                     WHEN c.rosh IN ('HIGH', 'VERY_HIGH') THEN (%(high)s::bigint[])[1 + floor(random() * 100)::int]
                     ELSE (%(usual)s::bigint[])[1 + floor(random() * 100)::int] END AS type_id,
                least(
                    now() - interval '30 minutes',
                    ((w.day - CASE extract(isodow FROM w.day) WHEN 6 THEN 1 WHEN 7 THEN 2 ELSE 0 END)::timestamp
                        + interval '9 hours' + floor(random() * 32) * interval '15 minutes')
                        AT TIME ZONE 'Europe/London'
                ) AS starts_at,
                random() AS r_outcome, random() AS r_booked
            FROM {CASE} c
            LEFT JOIN scale_first_key_individual ki ON ki.case_id = c.id
            CROSS JOIN LATERAL generate_series(1, greatest(1, round(%(per_day)s * {RISK_WEIGHT_SQL} * {SPAN_SQL})::int))
                AS i
            CROSS JOIN LATERAL (
                SELECT c.started_on + floor(
                    (i - 1 + random()) * ({DAYS_SQL}) / greatest(1, round(%(per_day)s * {RISK_WEIGHT_SQL} * {SPAN_SQL}))
                )::int AS day
            ) w
            WHERE c.id BETWEEN %(low)s AND %(high_id)s
        ) z JOIN {TYPE} t0 ON t0.id = z.type_id
    ) y JOIN {TYPE} t ON t.id = y.type_id
) x JOIN {TYPE} t ON t.id = x.type_id
"""

# Notes are chosen by the contact type's group: one slice of the notes array per group.
GROUPS = list(NOTES)

APPOINTMENTS_SQL = f"""
INSERT INTO {CONTACT} (case_id, contact_type_id, starts_at, is_appointment, made_by, made_by_user_id, made_by_name,
    made_by_identifier, made_by_agency, location, outcome, absence_reason, evidence_due_on, absence_judged_on,
    notes, is_sensitive,
    key_individual_id, licence_condition_id, recorded_by_id, recorded_at, updated_at, version)
SELECT c.id, t.id,
    ((%(today)s::date + 1 + ((c.id * 7 + k) %% 20)::int)::timestamp + interval '10 hours') AT TIME ZONE 'Europe/London',
    true, 'RO', c.responsible_officer_id, '', '', '',
    CASE WHEN t.is_home_visit THEN replace(c.address, E'\\n', ', ') || ', ' || c.postcode ELSE '' END,
    '', '', NULL, NULL, '', false, NULL, NULL, c.responsible_officer_id, now() - interval '2 days',
    now() - interval '2 days', 1
FROM {CASE} c CROSS JOIN LATERAL generate_series(1, CASE WHEN c.rosh IN ('HIGH', 'VERY_HIGH') THEN 2 ELSE 1 END) k
JOIN {TYPE} t ON t.code = CASE WHEN k = 1 THEN 'COAP' ELSE 'CHVS' END
WHERE c.status = 'ACTIVE'
"""


def _note_index_sql() -> tuple[str, list[str]]:
    notes, parts, offset = [], [], 1
    for group in GROUPS:
        parts.append(f"WHEN '{group}' THEN {offset} + floor(y.r_booked * {len(NOTES[group])})::int")
        notes.extend(NOTES[group])
        offset += len(NOTES[group])
    return 'CASE t."group" ' + " ".join(parts) + " ELSE 1 END", notes


def _mix(run, band: str) -> list[int]:
    run.execute(f"SELECT code, id FROM {TYPE}")
    ids = dict(run.cursor.fetchall())
    mix = [ids[code] for code, share in MIX[band].items() for _ in range(share)]
    assert len(mix) == 100, band
    return mix


def contacts_per_day(run) -> float:
    """The rate that makes the active cases' contacts add up to the size's total."""
    weight = run.scalar(
        f"SELECT sum({RISK_WEIGHT_SQL} * ({SPAN_SQL})) FROM {CASE} c WHERE c.status = 'ACTIVE'", {"today": run.today}
    )
    return run.size.contacts / float(weight or 1)


def build_contacts(run, *, weight: float) -> None:
    run.execute("DROP TABLE IF EXISTS scale_first_key_individual")
    run.execute(
        "CREATE TEMPORARY TABLE scale_first_key_individual ON COMMIT DROP AS "
        "SELECT case_id, min(id) AS key_individual_id FROM supervision_keyindividual GROUP BY case_id"
    )
    run.execute("CREATE INDEX ON scale_first_key_individual (case_id)")
    note_index, notes = _note_index_sql()
    sql = CONTACTS_SQL.replace("{note_index}", note_index)
    params = {
        "today": run.today,
        "notes": notes,
        "police": LAST_NAMES,
        "initial": run.scalar(f"SELECT id FROM {TYPE} WHERE code = 'COAI'"),
        "usual": _mix(run, "usual"),
        "high": _mix(run, "high"),
        "per_day": contacts_per_day(run),
    }
    low, high = id_range(run.cursor, Case)
    parts = list(chunks(low, high, 20))
    history = Contact.history.model
    with without_secondary_indexes(run.cursor, Contact, history):
        for a, b in parts:
            run.execute(sql, {**params, "low": a, "high_id": b})
            run.progress.advance(weight * 0.6 / len(parts), "contacts")
        run.execute(APPOINTMENTS_SQL, {"today": run.today})
        first, last = id_range(run.cursor, Contact)
        history_parts = list(chunks(first, last, 10))
        for a, b in history_parts:
            # Recorded through the service: the history row says who recorded it and when.
            insert_history(
                run.cursor,
                Contact,
                date_sql="t.recorded_at",
                user_sql="t.recorded_by_id",
                where="t.id BETWEEN %s AND %s",
                params=[a, b],
            )
            run.progress.advance(weight * 0.25 / len(history_parts), "contact history")
        run.progress.step("indexing contacts")
    run.progress.advance(weight * 0.15, "contacts indexed")
