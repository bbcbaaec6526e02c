"""Forms for referrals, escalations and MAPPA meetings, laid out with the GOV.UK template pack."""
