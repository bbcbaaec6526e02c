"""mappa's part of `seed_scale` (supervision/scale): a MAPPA co-ordinator for each region, referrals to other
agencies and MAPPA referrals, with their event history, written set-based on the cases supervision has generated.

MAPPA referrals follow the workflow (mappa/models/workflow.py): the officer makes one, the line manager's
endorsement sends it, and the region's MAPPA co-ordinator acknowledges it, may ask the officer for more, and
decides (each decision also a `MappaDecision` row). Every level 2 or 3 case was accepted at its level; on level 1
cases some referrals were rejected (about 900 at national size: the escalation sweep's first run sends each to
the line manager), some are with the co-ordinator, some await the line manager's endorsement. Other referrals
(children's social care, MARAC, police checks) follow the case's risk flags; most have a response, some are late.
Referrals are made by the officer holding the case: a case still waiting for allocation has none.
"""

from mappa.models import Agency, MappaCoordinator, MappaDecision, Referral, ReferralEvent
from supervision import roles
from supervision.models import PDU, Case, Region, RiskFlag, RiskFlagType, StaffProfile, Team
from supervision.scale.organisation import add_to_group, insert_users, person
from supervision.scale.sql import insert_history, table

REFERRAL, EVENT, CASE = table(Referral), table(ReferralEvent), table(Case)
DECISION, COORDINATOR = table(MappaDecision), table(MappaCoordinator)

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
    CASE WHEN status IN ('ACK', 'INFO', 'ACCEPTED', 'REJECTED') THEN least(%(today)s::date - 1, made_on + 3) END,
    CASE status WHEN 'ACCEPTED' THEN CASE kind WHEN 'MAPPA3' THEN 'ACC3' ELSE 'ACC2' END
                WHEN 'REJECTED' THEN CASE WHEN case_id %% 3 = 0 THEN 'REJN' ELSE 'REJ1' END ELSE '' END,
    CASE status WHEN 'ACCEPTED' THEN 'Meets the threshold for active multi-agency management.'
                WHEN 'REJECTED' THEN 'The risk can be managed by probation at level 1.' ELSE '' END,
    CASE WHEN status IN ('ACCEPTED', 'REJECTED') THEN coordinator_name ELSE '' END,
    CASE WHEN status IN ('ACCEPTED', 'REJECTED') THEN decided_at END,
    CASE WHEN status NOT IN ('DRAFT', 'AWAITING') THEN line_manager_id END,
    CASE WHEN status NOT IN ('DRAFT', 'AWAITING') THEN (made_on + 1) + interval '11 hours' END,
    NULL, officer, made_on + interval '10 hours', greatest(made_on + interval '10 hours', decided_at)
FROM (
    SELECT c.id AS case_id, c.mappa_category, c.responsible_officer_id AS officer, o.line_manager_id,
        k.name AS coordinator_name,
        CASE c.mappa_level WHEN 3 THEN 'MAPPA3' ELSE 'MAPPA2' END AS kind,
        CASE WHEN c.mappa_level > 1 THEN 'ACCEPTED'
             WHEN rank <= %(rejected)s THEN 'REJECTED'
             WHEN rank <= %(rejected)s * 2 THEN (ARRAY['SENT', 'ACK', 'INFO'])[1 + c.id %% 3]
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
            -- A level 1 referral (made up to 119 days ago) on a case under supervision by then.
            AND (c.mappa_level > 1 OR c.started_on <= %(today)s::date - 120)
    ) c JOIN scale_officer o ON o.user_id = c.responsible_officer_id
    JOIN scale_coordinator k ON k.region_id = o.region_id
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
    CASE WHEN status = 'ACK' THEN least(%(today)s::date - 1, made_on + 2) END,
    '', CASE WHEN status = 'RESPONDED' THEN 'Information shared; no further action from us at present.' ELSE '' END,
    CASE WHEN status = 'RESPONDED' THEN 'Duty worker' ELSE '' END,
    CASE WHEN status = 'RESPONDED' THEN (made_on + 7) + interval '14 hours' END,
    NULL, NULL, NULL, officer, made_on + interval '10 hours', made_on + interval '10 hours'
FROM (
    SELECT c.id AS case_id, a.id AS agency_id, s.kind, c.responsible_officer_id AS officer,
        CASE WHEN (c.id + s.ord) %% 20 < 15 THEN 'RESPONDED' WHEN (c.id + s.ord) %% 20 < 18 THEN 'SENT'
             WHEN (c.id + s.ord) %% 20 < 19 THEN 'ACK' ELSE 'DRAFT' END AS status,
        -- Made on or after the case started and by yesterday, so every step is in the past and in its order.
        CASE WHEN (c.id + s.ord) %% 20 < 15
             THEN least(greatest(c.started_on, %(today)s::date - 400 + (c.id %% 380)::int), %(today)s::date - 8)
             ELSE greatest(c.started_on, %(today)s::date - 1 - ((c.id + s.ord) %% 30)::int) END AS made_on
    FROM {CASE} c
    JOIN unnest(%(kinds)s::text[], %(agency_kinds)s::text[], %(scopes)s::text[], %(chances)s::int[])
        WITH ORDINALITY AS s(kind, agency_kind, scope, chance, ord) ON true
    JOIN LATERAL (SELECT id FROM {table(Agency)} WHERE kind = s.agency_kind AND is_active ORDER BY id LIMIT 1) a
        ON true
    WHERE c.status = 'ACTIVE' AND c.responsible_officer_id IS NOT NULL AND c.started_on <= %(today)s::date - 10
      AND (c.id * 31 + s.ord * 97) %% 1000 < s.chance
      AND CASE split_part(s.scope, ':', 1)
          WHEN 'rosh' THEN c.rosh = ANY(string_to_array(split_part(s.scope, ':', 2), ','))
          ELSE EXISTS (SELECT 1 FROM {table(RiskFlag)} f JOIN {table(RiskFlagType)} t ON t.id = f.flag_type_id
                       WHERE f.case_id = c.id AND f.ended_on IS NULL
                         AND t.code = ANY(string_to_array(split_part(s.scope, ':', 2), ',')))
          END
) r
"""

# Each status's path, as the services take it: (action, from, to, actor, when, for MAPPA only, step). The
# endorsement is recorded as "Endorsed", then "Sent" (the status change); the co-ordinator acknowledges a MAPPA
# referral, may ask for more, and decides, and an acceptance sets the case's level (mappa.services.coordinators);
# the officer records another agency's acknowledgement and response.
EVENTS_SQL = f"""
INSERT INTO {EVENT} (referral_id, from_status, to_status, action, actor_id, reason, happened_at)
SELECT r.id, e.from_status, e.to_status, e.action,
    CASE e.actor WHEN 'officer' THEN r.created_by_id WHEN 'manager' THEN r.endorsed_by_id
        WHEN 'coordinator' THEN k.user_id
        ELSE CASE WHEN r.kind IN ('MAPPA2', 'MAPPA3') THEN k.user_id ELSE r.created_by_id END END,
    CASE WHEN e.action IN ('ACCEPTED', 'REJECTED')
            THEN (%(labels)s::text[])[array_position(%(decisions)s::text[], r.decision::text)] || '. '
                 || r.decision_reason
         WHEN e.action = 'RESPONDED' THEN r.decision_reason
         WHEN e.action = 'UNIT_ASKED' THEN %(question)s
         WHEN e.action = 'LEVEL' THEN 'MAPPA level 1 → ' || CASE r.decision WHEN 'ACC3' THEN '3' ELSE '2' END
                 || '. MAPPA co-ordinator accepted the referral: ' || r.decision_reason
         ELSE '' END,
    CASE e.moment WHEN 'created' THEN r.created_at WHEN 'endorsed' THEN coalesce(r.endorsed_at, r.created_at)
        WHEN 'sent' THEN coalesce(r.endorsed_at, r.sent_on + interval '10 hours')
        WHEN 'ack' THEN r.acknowledged_on + interval '12 hours'
        WHEN 'asked' THEN r.acknowledged_on + interval '15 hours' ELSE r.decided_at END
FROM {REFERRAL} r
JOIN (VALUES
    ('CREATED', 'DRAFT', 'DRAFT', 'officer', 'created', NULL, 1),
    ('SUBMITTED', 'DRAFT', 'AWAITING', 'officer', 'created', true, 2),
    ('ENDORSED', 'AWAITING', 'AWAITING', 'manager', 'endorsed', true, 3),
    ('SENT', 'AWAITING', 'SENT', 'manager', 'sent', true, 4),
    ('SENT', 'DRAFT', 'SENT', 'officer', 'sent', false, 4),
    ('ACK', 'SENT', 'ACK', 'acknowledger', 'ack', NULL, 5),
    ('UNIT_ASKED', 'ACK', 'INFO', 'coordinator', 'asked', true, 6),
    ('ACCEPTED', 'ACK', 'ACCEPTED', 'coordinator', 'decided', true, 6),
    ('REJECTED', 'ACK', 'REJECTED', 'coordinator', 'decided', true, 6),
    ('RESPONDED', 'SENT', 'RESPONDED', 'officer', 'decided', false, 6),
    ('LEVEL', 'ACCEPTED', 'ACCEPTED', 'coordinator', 'decided', true, 7)
) AS e(action, from_status, to_status, actor, moment, for_mappa, step)
    ON (e.for_mappa IS NULL OR e.for_mappa = (r.kind IN ('MAPPA2', 'MAPPA3')))
LEFT JOIN LATERAL (
    SELECT s.user_id FROM {CASE} c JOIN {table(Team)} t ON t.id = c.team_id JOIN {table(PDU)} p ON p.id = t.pdu_id
    JOIN scale_coordinator s ON s.region_id = p.region_id WHERE c.id = r.case_id
) k ON true
WHERE e.step <= CASE r.status WHEN 'DRAFT' THEN 1 WHEN 'AWAITING' THEN 2 WHEN 'SENT' THEN 4 WHEN 'ACK' THEN 5
                              ELSE 7 END
  AND (e.action <> 'ACK' OR r.acknowledged_on IS NOT NULL)
  AND (e.step < 6 OR e.to_status = r.status)
  AND (r.kind IN ('MAPPA2', 'MAPPA3') OR e.action <> 'ACK' OR r.status = 'ACK')
ORDER BY r.id, e.step
"""

# The co-ordinator's first decision on each decided MAPPA referral, beside the one on the referral row.
DECISIONS_SQL = f"""
INSERT INTO {DECISION} (referral_id, stage, decision, reason, decided_by_id, decided_at, dispute_meeting_id)
SELECT r.id, 'FIRST', r.decision, r.decision_reason, s.user_id, r.decided_at, NULL
FROM {REFERRAL} r JOIN {CASE} c ON c.id = r.case_id JOIN {table(Team)} t ON t.id = c.team_id
JOIN {table(PDU)} p ON p.id = t.pdu_id JOIN scale_coordinator s ON s.region_id = p.region_id
WHERE r.kind IN ('MAPPA2', 'MAPPA3') AND r.status IN ('ACCEPTED', 'REJECTED')
ORDER BY r.id
"""

QUESTION = "Has the victim's family been told of the release, and what do the police know of his associates?"


def build_coordinators(run) -> None:
    """One MAPPA co-ordinator for each region, seated at the region (as the demo's), with the role's group, a staff
    profile and their seat's history row; left in a temporary table `scale_coordinator` (region, user, name)."""
    run.execute(f"SELECT id FROM {table(Region)} ORDER BY id")
    region_ids = [row[0] for row in run.cursor.fetchall()]
    password = run.scalar("SELECT password FROM auth_user WHERE username = 'scale.admin'")
    people = [(*person(run, i, "mappa"), False) for i in range(len(region_ids))]
    user_ids = insert_users(run, people, password)
    add_to_group(run, user_ids, roles.MAPPA_COORDINATOR)
    run.execute(
        f"INSERT INTO {table(StaffProfile)} (user_id, grade, team_id, region_id, line_manager_id, deputy_id) "
        "SELECT u, 'SPO', NULL, NULL, NULL, NULL FROM unnest(%s::int[]) u",
        [user_ids],
    )
    insert_history(
        run.cursor, StaffProfile, date_sql="now() - interval '400 days'", where="t.user_id = ANY(%s)", params=[user_ids]
    )
    run.execute(
        f"INSERT INTO {COORDINATOR} (user_id, pdu_id, region_id) "
        "SELECT u, NULL, r FROM unnest(%s::int[], %s::bigint[]) AS x(u, r)",
        [user_ids, region_ids],
    )
    insert_history(run.cursor, MappaCoordinator, date_sql="now() - interval '400 days'")
    run.execute("DROP TABLE IF EXISTS scale_coordinator")
    run.execute(
        "CREATE TEMPORARY TABLE scale_coordinator ON COMMIT DROP AS "
        "SELECT x.region_id, x.user_id, u.first_name || ' ' || u.last_name AS name "
        "FROM unnest(%s::bigint[], %s::int[]) AS x(region_id, user_id) JOIN auth_user u ON u.id = x.user_id",
        [region_ids, user_ids],
    )


def build_referrals(run) -> None:
    # The first `rejected` level 1 cases (in a scrambled order) had their referral rejected; the next as many
    # await the unit's decision, and a few more are with the line manager or still drafts.
    rejected = run.size.rejected_mappa_referrals
    build_coordinators(run)
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
    run.execute(
        EVENTS_SQL,
        {
            "decisions": list(Referral.Decision.values),
            "labels": [str(label) for label in Referral.Decision.labels],
            "question": QUESTION,
        },
    )
    run.execute(DECISIONS_SQL)
    insert_history(run.cursor, Referral, date_sql="t.updated_at", user_sql="t.created_by_id")
