"""Regions, PDUs, teams and staff: officers with a skewed caseload, a senior probation officer over each team,
a Head of Public Protection for each region, and one administrator. Sign-ins get their role's group. A few of
each team's active cases are new, waiting in its allocation queue with no officer (supervision/scale/cases.py)."""

from django.contrib.auth.hashers import make_password

from supervision import roles
from supervision.models import PDU, Region, StaffProfile, Team
from supervision.scale.names import REGIONS, STAFF_FIRST_NAMES, STAFF_LAST_NAMES, TEAM_SUFFIXES, TOWNS
from supervision.scale.run import SCALE_PASSWORD
from supervision.scale.sql import insert_history, table

G = StaffProfile.Grade
TAIL_FROM = 51  # quality falls above 50: at least one officer carries more


def waiting_in_queue(team_index: int) -> int:
    """Cases opened in the last days and not yet allocated, in one team's allocation queue: two to four."""
    return 2 + team_index % 3


def caseloads(rng, officers: int, cases: int) -> list[int]:
    """Caseloads summing to `cases`: mean `cases / officers`, skewed (a gamma, shape 12) with a tail past 50."""
    draws = [min(80.0, max(8.0, rng.gammavariate(12, 3))) for _ in range(officers)]
    scale = cases / sum(draws)
    loads = [max(1, round(d * scale)) for d in draws]
    loads[loads.index(max(loads))] += cases - sum(loads)
    if officers >= 3 and max(loads) < TAIL_FROM:
        top = loads.index(max(loads))
        for i in sorted(range(officers), key=lambda j: -loads[j]):
            while i != top and loads[top] < TAIL_FROM + 2 and loads[i] > 20:
                loads[i] -= 1
                loads[top] += 1
    return loads


def insert_users(run, people: list[tuple[str, str, str, bool]], password: str) -> list[int]:
    """(username, first name, last name, is_staff) rows, all with the one password hash; returns their ids."""
    run.execute(
        """
        INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                               date_joined)
        SELECT %s, false, u, f, l, u || '@probation.example', s, true, now() - interval '400 days'
        FROM unnest(%s::text[], %s::text[], %s::text[], %s::bool[]) WITH ORDINALITY AS x(u, f, l, s, o) ORDER BY o
        RETURNING id
        """,
        [password, *map(list, zip(*people, strict=True))],
    )
    return [row[0] for row in run.cursor.fetchall()]


def add_to_group(run, user_ids: list[int], role: str) -> None:
    run.execute(
        "INSERT INTO auth_user_groups (user_id, group_id) SELECT u, g.id FROM unnest(%s::int[]) u, auth_group g "
        "WHERE g.name = %s",
        [user_ids, role],
    )


def person(run, n: int, prefix: str) -> tuple[str, str, str]:
    first = STAFF_FIRST_NAMES[run.rng.randrange(len(STAFF_FIRST_NAMES))]
    last = STAFF_LAST_NAMES[run.rng.randrange(len(STAFF_LAST_NAMES))]
    return f"{prefix}{n}.{first}.{last}".lower(), first, last


def build_organisation(run) -> None:
    """Write the organisation and staff, and leave a temporary table `scale_officer` with each officer's case
    numbers (lo..hi: the first `active` of them active, the rest closed) for the case step, and `scale_queue` with
    each team's numbers for the cases waiting in its allocation queue (lo..hi, all active)."""
    size, rng = run.size, run.rng
    region_names = REGIONS[: size.regions]
    run.execute(
        f"INSERT INTO {table(Region)} (name) SELECT unnest(%s::text[]) RETURNING id",
        [region_names],
    )
    region_ids = [r[0] for r in run.cursor.fetchall()]
    pdus = []  # (region id, name)
    for r, region_id in enumerate(region_ids):
        for p in range(size.pdus_per_region):
            k = r * size.pdus_per_region + p
            pdus.append((region_id, TOWNS[k % len(TOWNS)] + (f" {k // len(TOWNS) + 1}" if k >= len(TOWNS) else "")))
    run.execute(
        f"INSERT INTO {table(PDU)} (region_id, name) SELECT r, n FROM unnest(%s::bigint[], %s::text[]) "
        "WITH ORDINALITY AS x(r, n, o) ORDER BY o RETURNING id",
        [[p[0] for p in pdus], [p[1] for p in pdus]],
    )
    pdu_ids = [r[0] for r in run.cursor.fetchall()]
    teams = []  # (pdu index, name)
    for t in range(max(size.teams, len(pdu_ids))):
        p = t % len(pdu_ids)
        nth = t // len(pdu_ids)
        suffix = TEAM_SUFFIXES[nth % len(TEAM_SUFFIXES)] + (f" {nth // len(TEAM_SUFFIXES) + 1}" if nth >= 10 else "")
        teams.append((p, f"{pdus[p][1]} {suffix}"))
    run.execute(
        f"INSERT INTO {table(Team)} (pdu_id, name) SELECT p, n FROM unnest(%s::bigint[], %s::text[]) "
        "WITH ORDINALITY AS x(p, n, o) ORDER BY o RETURNING id",
        [[pdu_ids[t[0]] for t in teams], [t[1] for t in teams]],
    )
    team_ids = [r[0] for r in run.cursor.fetchall()]

    password = make_password(SCALE_PASSWORD)  # hashed once: a hash per sign-in would take minutes
    hopp_ids = insert_users(run, [(*person(run, i, "hopp"), False) for i in range(len(region_ids))], password)
    spo_ids = insert_users(run, [(*person(run, i, "spo"), False) for i in range(len(team_ids))], password)
    officer_ids = insert_users(run, [(*person(run, i, "ro"), False) for i in range(size.officers)], password)
    admin_ids = insert_users(run, [("scale.admin", "Sam", "Reid", True)], password)
    add_to_group(run, hopp_ids, roles.HEAD_OF_PUBLIC_PROTECTION)
    add_to_group(run, spo_ids, roles.LINE_MANAGER)
    add_to_group(run, officer_ids, roles.RESPONSIBLE_OFFICER)
    add_to_group(run, admin_ids, roles.ADMINISTRATOR)

    team_region = [region_ids[t[0] // size.pdus_per_region] for t in teams]
    profiles = []  # user, grade, team, region, line manager, deputy
    for i, user_id in enumerate(hopp_ids):
        profiles.append((user_id, G.HOPP, None, region_ids[i], None, None))
    for t, user_id in enumerate(spo_ids):
        # The deputy is the senior probation officer of the PDU's next team, when the PDU has another.
        same_pdu = [j for j, team in enumerate(teams) if team[0] == teams[t][0] and j != t]
        deputy = spo_ids[same_pdu[0]] if same_pdu else None
        hopp = hopp_ids[region_ids.index(team_region[t])]
        profiles.append((user_id, G.SPO, team_ids[t], None, hopp, deputy))
    for o, user_id in enumerate(officer_ids):
        t = o % len(team_ids)
        grade = G.PO if rng.random() < 0.6 else G.PSO
        profiles.append((user_id, grade, team_ids[t], None, spo_ids[t], None))
    profiles.append((admin_ids[0], G.ADMIN, None, None, None, None))
    run.execute(
        f"""
        INSERT INTO {table(StaffProfile)} (user_id, grade, team_id, region_id, line_manager_id, deputy_id)
        SELECT * FROM unnest(%s::int[], %s::text[], %s::bigint[], %s::bigint[], %s::int[], %s::int[])
        """,
        [list(column) for column in zip(*profiles, strict=True)],
    )
    insert_history(run.cursor, StaffProfile, date_sql="now() - interval '400 days'")

    waiting = [waiting_in_queue(t) for t in range(len(team_ids))]
    loads = caseloads(rng, len(officer_ids), size.active_cases - sum(waiting))
    closed = [round(load * size.closed_share) for load in loads]
    rows, lo = [], 1
    for o, user_id in enumerate(officer_ids):
        t = o % len(team_ids)
        rows.append((o, user_id, team_ids[t], spo_ids[t], team_region[t], lo, lo + loads[o] + closed[o] - 1, loads[o]))
        lo += loads[o] + closed[o]
    queues = []  # (team, line manager, region, lo, hi): numbered after every officer's cases
    for t, team_id in enumerate(team_ids):
        queues.append((team_id, spo_ids[t], team_region[t], lo, lo + waiting[t] - 1))
        lo += waiting[t]
    run.execute("DROP TABLE IF EXISTS scale_officer")
    run.execute(
        """
        CREATE TEMPORARY TABLE scale_officer ON COMMIT DROP AS
        SELECT * FROM unnest(%s::int[], %s::int[], %s::bigint[], %s::int[], %s::bigint[], %s::int[], %s::int[],
                             %s::int[]) AS x(idx, user_id, team_id, line_manager_id, region_id, lo, hi, active)
        """,
        [list(column) for column in zip(*rows, strict=True)],
    )
    run.execute("DROP TABLE IF EXISTS scale_queue")
    run.execute(
        """
        CREATE TEMPORARY TABLE scale_queue ON COMMIT DROP AS
        SELECT * FROM unnest(%s::bigint[], %s::int[], %s::bigint[], %s::int[], %s::int[])
            AS x(team_id, line_manager_id, region_id, lo, hi)
        """,
        [list(column) for column in zip(*queues, strict=True)],
    )
