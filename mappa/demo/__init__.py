"""The MAPPA part of the demo: the seed case's referrals, escalation and meeting, and a fresh rejection."""
