"""Every write in the mappa app: referrals, the escalation queue and MAPPA meetings.

Each state change is one function that locks its row (select_for_update), returns early when this very action
has already been taken, takes the action's step from the transition tables in `mappa.services.workflow`, and
writes its history row in the same transaction. A broken rule is a `caseworks.errors.RuleBroken`.
"""
