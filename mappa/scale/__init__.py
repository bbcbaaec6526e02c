"""mappa's part of `seed_scale` (supervision/scale): referrals to other agencies and MAPPA referrals, with
their event history, written set-based on the cases supervision has generated.

MAPPA referrals: every level 2 or 3 case was accepted at its level; on level 1 cases some referrals were
rejected (about 900 at national size: the escalation sweep's first run sends each to the line manager), some
are with the MAPPA unit, some await the line manager's endorsement. Other referrals (children's social care,
MARAC, police checks) follow the case's risk flags; most have a response, some are late.
"""

from mappa.models import Agency, Referral, ReferralEvent
from supervision.models import Case, RiskFlag, RiskFlagType
from supervision.scale.sql import insert_history, table

REFERRAL, EVENT, CASE = table(Referral), table(ReferralEvent), table(Case)

# (kind, agency kind, which cases, chance per thousand). `flag` cases have an open flag of one of the codes.
OTHER_REFERRALS = [
    ("CSC", "CSC", "flag:CHCN,CHPR", 600),
    ("MARAC", "MARAC", "flag:DAPE", 400),
    ("POLDA", "POLICE", "flag:DAPE", 500),
    ("POLINT", "POLICE", "rosh:HIGH,VERY_HIGH", 300),
    ("ASG", "ASC", "rosh:VERY_HIGH", 100),
]

MAPPA_SQL = f"""
INSERT INTO {REFERRAL} (case_id, agency_id, kind, status, reason, information_shared, mappa_category,
    level_justification, sent_on, response_due_on, acknowledged_on, decision, decision_reason, decided_by_name,
    decided_at, endorsed_by_id, endorsed_at, meeting_due_on, created_by_id, created_at, updated_at)
SELECT case_id, %(agency)s, kind, status,
    'Risk of serious harm to a known adult and to children in the household; needs multi-agency management.',
    'OASys summary, police intelligence and the risk management plan.',
    mappa_category,
    CASE WHEN kind = 'MAPPA3' THEN 'Level 2 cannot give the senior oversight the media interest needs.' ELSE '' END,
    CASE WHEN status NOT IN ('DRAFT', 'AWAITING') THEN made_on + 1 END,
    CASE WHEN status NOT IN ('DRAFT', 'AWAITING') THEN made_on + 15 END,
    CASE WHEN status IN ('ACK', 'ACCEPTED', 'REJECTED') THEN least(%(today)s::date, made_on + 3) END,
    CASE status WHEN 'ACCEPTED' THEN CASE kind WHEN 'MAPPA3' THEN 'ACC3' ELSE 'ACC2' END
                WHEN 'REJECTED' THEN CASE WHEN case_id %% 3 = 0 THEN 'REJN' ELSE 'REJ1' END ELSE '' END,
    CASE status WHEN 'ACCEPTED' THEN 'Meets the threshold for active multi-agency management.'
                WHEN 'REJECTED' THEN 'The risk can be managed by probation at level 1.' ELSE '' END,
    CASE WHEN status IN ('ACCEPTED', 'REJECTED') THEN 'MAPPA co-ordinator' ELSE '' END,
    CASE WHEN status IN ('ACCEPTED', 'REJECTED') THEN decided_at END,
    CASE WHEN status NOT IN ('DRAFT', 'AWAITING') THEN line_manager_id END,
    CASE WHEN status NOT IN ('DRAFT', 'AWAITING') THEN (made_on + 1) + interval '11 hours' END,
    NULL, officer, made_on + interval '10 hours', greatest(made_on + interval '10 hours', decided_at)
FROM (
    SELECT c.id AS case_id, c.mappa_category, c.responsible_officer_id AS officer, o.line_manager_id,
        CASE c.mappa_level WHEN 3 THEN 'MAPPA3' ELSE 'MAPPA2' END AS kind,
        CASE WHEN c.mappa_level > 1 THEN 'ACCEPTED'
             WHEN rank <= %(rejected)s THEN 'REJECTED'
             WHEN rank <= %(rejected)s * 2 THEN CASE WHEN c.id %% 2 = 0 THEN 'SENT' ELSE 'ACK' END
             WHEN rank <= %(rejected)s * 2.3 THEN 'AWAITING'
             ELSE 'DRAFT' END AS status,
        CASE WHEN c.mappa_level > 1 THEN least(%(today)s::date - 30, c.started_on + 20)
             WHEN rank <= %(rejected)s THEN %(today)s::date - 20 - (c.id %% 100)::int
             ELSE %(today)s::date - 2 - (c.id %% 25)::int END AS made_on,
        least(now() - interval '1 day',
              (least(%(today)s::date - 30, c.started_on + 20) + 10) + interval '15 hours') AS decided_at
    FROM (
        SELECT c.*, row_number() OVER (PARTITION BY c.mappa_level > 1 ORDER BY (c.id * 7919) %% 10007, c.id) AS rank
        FROM {CASE} c WHERE c.status = 'ACTIVE' AND c.mappa_category IS NOT NULL
    ) c JOIN scale_officer o ON o.user_id = c.responsible_officer_id
    WHERE c.mappa_level > 1 OR c.rank <= %(rejected)s * 2.6
) r
"""


def _fix_rejection_dates(run) -> None:
    """A rejected referral was decided after it was sent: ten days after, at the latest yesterday."""
    run.execute(
        f"UPDATE {REFERRAL} SET decided_at = least(now() - interval '1 day', (sent_on + 10) + interval '15 hours'), "
        f"updated_at = least(now() - interval '1 day', (sent_on + 10) + interval '15 hours') "
        f"WHERE status = 'REJECTED'"
    )


OTHER_SQL = f"""
INSERT INTO {REFERRAL} (case_id, agency_id, kind, status, reason, information_shared, mappa_category,
    level_justification, sent_on, response_due_on, acknowledged_on, decision, decision_reason, decided_by_name,
    decided_at, endorsed_by_id, endorsed_at, meeting_due_on, created_by_id, created_at, updated_at)
SELECT case_id, agency_id, kind, status, 'To share information about risk and agree who does what.', '', NULL, '',
    CASE WHEN status <> 'DRAFT' THEN made_on END,
    CASE WHEN status <> 'DRAFT' THEN made_on + 14 END,
    CASE WHEN status = 'ACK' THEN least(%(today)s::date, made_on + 2) END,
    '', CASE WHEN status = 'RESPONDED' THEN 'Information shared; no further action from us at present.' ELSE '' END,
    CASE WHEN status = 'RESPONDED' THEN 'Duty worker' ELSE '' END,
    CASE WHEN status = 'RESPONDED' THEN least(now() - interval '1 hour', (made_on + 7) + interval '14 hours') END,
    NULL, NULL, NULL, officer, made_on + interval '10 hours', made_on + interval '10 hours'
FROM (
    SELECT c.id AS case_id, a.id AS agency_id, s.kind, c.responsible_officer_id AS officer,
        CASE WHEN (c.id + s.ord) %% 20 < 15 THEN 'RESPONDED' WHEN (c.id + s.ord) %% 20 < 18 THEN 'SENT'
             WHEN (c.id + s.ord) %% 20 < 19 THEN 'ACK' ELSE 'DRAFT' END AS status,
        CASE WHEN (c.id + s.ord) %% 20 < 15 THEN greatest(c.started_on, %(today)s::date - 400 + (c.id %% 380)::int)
             ELSE %(today)s::date - ((c.id + s.ord) %% 30)::int END AS made_on
    FROM {CASE} c
    JOIN unnest(%(kinds)s::text[], %(agency_kinds)s::text[], %(scopes)s::text[], %(chances)s::int[])
        WITH ORDINALITY AS s(kind, agency_kind, scope, chance, ord) ON true
    JOIN LATERAL (SELECT id FROM {table(Agency)} WHERE kind = s.agency_kind AND is_active ORDER BY id LIMIT 1) a
        ON true
    WHERE c.status = 'ACTIVE' AND (c.id * 31 + s.ord * 97) %% 1000 < s.chance
      AND CASE split_part(s.scope, ':', 1)
          WHEN 'rosh' THEN c.rosh = ANY(string_to_array(split_part(s.scope, ':', 2), ','))
          ELSE EXISTS (SELECT 1 FROM {table(RiskFlag)} f JOIN {table(RiskFlagType)} t ON t.id = f.flag_type_id
                       WHERE f.case_id = c.id AND f.ended_on IS NULL
                         AND t.code = ANY(string_to_array(split_part(s.scope, ':', 2), ',')))
          END
) r
"""

# Each status's path, as the services take it: (action, from, to, actor column, when).
EVENTS_SQL = f"""
INSERT INTO {EVENT} (referral_id, from_status, to_status, action, actor_id, reason, happened_at)
SELECT r.id, e.from_status, e.to_status, e.action,
    CASE e.actor WHEN 'officer' THEN r.created_by_id WHEN 'manager' THEN r.endorsed_by_id END,
    CASE WHEN e.action IN ('ACCEPTED', 'REJECTED', 'RESPONDED') THEN r.decision_reason ELSE '' END,
    CASE e.moment WHEN 'created' THEN r.created_at WHEN 'endorsed' THEN coalesce(r.endorsed_at, r.created_at)
        WHEN 'sent' THEN coalesce(r.endorsed_at, r.sent_on + interval '10 hours')
        WHEN 'ack' THEN r.acknowledged_on + interval '12 hours' ELSE r.decided_at END
FROM {REFERRAL} r
JOIN (VALUES
    ('CREATED', 'DRAFT', 'DRAFT', 'officer', 'created', NULL, 1),
    ('SUBMITTED', 'DRAFT', 'AWAITING', 'officer', 'created', true, 2),
    ('ENDORSED', 'AWAITING', 'AWAITING', 'manager', 'endorsed', true, 3),
    ('SENT', 'AWAITING', 'SENT', 'manager', 'sent', true, 4),
    ('SENT', 'DRAFT', 'SENT', 'officer', 'sent', false, 4),
    ('ACK', 'SENT', 'ACK', 'officer', 'ack', NULL, 5),
    ('ACCEPTED', 'ACK', 'ACCEPTED', 'officer', 'decided', true, 6),
    ('REJECTED', 'ACK', 'REJECTED', 'officer', 'decided', true, 6),
    ('RESPONDED', 'SENT', 'RESPONDED', 'officer', 'decided', false, 6)
) AS e(action, from_status, to_status, actor, moment, for_mappa, step)
    ON (e.for_mappa IS NULL OR e.for_mappa = (r.kind IN ('MAPPA2', 'MAPPA3')))
WHERE e.step <= CASE r.status WHEN 'DRAFT' THEN 1 WHEN 'AWAITING' THEN 2 WHEN 'SENT' THEN 4 WHEN 'ACK' THEN 5
                              ELSE 6 END
  AND (e.action <> 'ACK' OR r.acknowledged_on IS NOT NULL)
  AND (e.step < 6 OR e.to_status = r.status)
  AND (r.kind IN ('MAPPA2', 'MAPPA3') OR e.action <> 'ACK' OR r.status = 'ACK')
ORDER BY r.id, e.step
"""


def build_referrals(run) -> None:
    # The first `rejected` level 1 cases (in a scrambled order) had their referral rejected; the next as many
    # await the unit's decision, and a few more are with the line manager or still drafts.
    rejected = run.size.rejected_mappa_referrals
    agency = run.scalar(f"SELECT id FROM {table(Agency)} WHERE kind = 'MAPPA' AND is_active ORDER BY id LIMIT 1")
    run.execute(MAPPA_SQL, {"agency": agency, "today": run.today, "rejected": rejected})
    _fix_rejection_dates(run)
    run.execute(
        OTHER_SQL,
        {
            "today": run.today,
            "kinds": [k for k, _, _, _ in OTHER_REFERRALS],
            "agency_kinds": [a for _, a, _, _ in OTHER_REFERRALS],
            "scopes": [s for _, _, s, _ in OTHER_REFERRALS],
            "chances": [c for _, _, _, c in OTHER_REFERRALS],
        },
    )
    run.execute(EVENTS_SQL)
    insert_history(run.cursor, Referral, date_sql="t.updated_at", user_sql="t.created_by_id")
