"""Every write in the mappa app: referrals, the escalation queue and MAPPA meetings.

Each state change is one function that locks its row (select_for_update), checks the move against an
ALLOWED map, writes a ReferralEvent in the same transaction, and does nothing when repeated.
"""


class InvalidTransition(Exception):
    """The object is not in a state from which this step can be taken."""

    def __init__(self, current, wanted):
        super().__init__(f"Cannot move from {current} to {wanted}")
        self.current = current
        self.wanted = wanted
