"""The Head of Public Protection's region dashboard: where public protection work in the region is slipping.

MAPPA level 2 and 3 cases, escalations waiting for the Head of Public Protection, rejected and overturned MAPPA
referrals, MAPPA review meetings and overdue actions, and recalls waiting for countersignature, for the region
and broken down by PDU, team and officer. Each figure is a row of `figures.FIGURES`: its records and its count
come from the same queryset, so a figure always equals the length of the list it links to.
"""
