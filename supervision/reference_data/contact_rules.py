"""Default contact-frequency rules: the HMPPS Home Visits Policy Framework, and example local rules.

Loaded with the reference data. A rule is created only when no rule of that name exists, so an
administrator's later edits (or deactivation) are never overwritten.

Unlike a rule an administrator adds (in effect from the day it is saved), these are national policy already in
force when a service starts using Caseworks, so they take effect from POLICY_IN_FORCE_ON: by June 2024, when
Probation Reset began, every one of them applied.
"""

from datetime import date

from django.db import transaction

from supervision.models import Case, ContactRule, ContactType, RiskFlagType

R = Case.RoSH
POLICY_IN_FORCE_ON = date(2024, 6, 1)
HOME_VISITS_FRAMEWORK = "HMPPS Home Visits Policy Framework"

DEFAULT_RULES = [
    {
        "name": "First home visit: high risk, registered sex offender and CSE cases",
        "rationale": f"{HOME_VISITS_FRAMEWORK}: the first home visit is due within 15 days of the start of "
        "supervision for high and very high RoSH cases, registered sex offenders and child sexual exploitation cases.",
        "match": ContactRule.Match.ANY,
        "rosh_levels": [R.HIGH, R.VERY_HIGH],
        "risk_flag_codes": ["RSOF", "CSEX"],
        "contact_description": "Home visit",
        "counts_home_visits": True,
        "first_due_days": 15,
    },
    {
        "name": "First home visit: medium RoSH",
        "rationale": f"{HOME_VISITS_FRAMEWORK}: within 6 weeks of the start for medium RoSH cases.",
        "rosh_levels": [R.MEDIUM],
        "contact_description": "Home visit",
        "counts_home_visits": True,
        "first_due_days": 42,
    },
    {
        "name": "First home visit: low RoSH",
        "rationale": f"{HOME_VISITS_FRAMEWORK}: within 12 weeks of the start for low RoSH cases.",
        "rosh_levels": [R.LOW],
        "contact_description": "Home visit",
        "counts_home_visits": True,
        "first_due_days": 84,
    },
    {
        "name": "High RoSH first 12 weeks",
        "rationale": "Example local rule: a home visit every 14 days for high and very high RoSH cases in the "
        "first 12 weeks after release, by the officer or by the police on their behalf.",
        "rosh_levels": [R.HIGH, R.VERY_HIGH],
        "window_to_days": 84,
        "contact_description": "Home visit",
        "counts_home_visits": True,
        "every_days": 14,
        "first_due_days": 15,
    },
    {
        "name": "Weekly in the first 4 weeks after release",
        "rationale": "Example local rule: weekly appointments for the first 28 days of a licence or "
        "post-sentence supervision.",
        "supervision_types": [Case.SupervisionType.LICENCE, Case.SupervisionType.PSS],
        "window_to_days": 28,
        "contact_description": "Appointment",
        "contact_type_codes": ["COAI", "COAP", "COVC"],
        "counts_home_visits": True,
        "every_days": 7,
    },
    {
        "name": "Routine appointments (Probation Reset)",
        "rationale": "Example local rule: an appointment every 4 weeks. Since June 2024 routine appointments stop "
        "in the final third of a licence, except for MAPPA, very high RoSH, child protection and national "
        "security cases.",
        "supervision_types": [Case.SupervisionType.LICENCE],
        "stage": ContactRule.Stage.NOT_FINAL_THIRD,
        "final_third_exception_rosh_levels": [R.VERY_HIGH],
        "final_third_exception_mappa": True,
        "final_third_exception_flag_codes": ["CHPR", "NSEC"],
        "contact_description": "Appointment",
        "contact_type_codes": ["COAI", "COAP", "COVC", "COPT"],
        "counts_home_visits": True,
        "every_days": 28,
        "grace_days": 2,
    },
]


@transaction.atomic
def load_default_contact_rules() -> None:
    types = {t.code: t for t in ContactType.objects.all()}
    flags = {f.code: f for f in RiskFlagType.objects.all()}
    for spec in DEFAULT_RULES:
        spec = dict(spec)
        if ContactRule.objects.filter(name=spec["name"]).exists():
            continue
        contact_types = [types[c] for c in spec.pop("contact_type_codes", []) if c in types]
        risk_flags = [flags[c] for c in spec.pop("risk_flag_codes", []) if c in flags]
        exception_flags = [flags[c] for c in spec.pop("final_third_exception_flag_codes", []) if c in flags]
        rule = ContactRule.objects.create(**{"effective_from": POLICY_IN_FORCE_ON, **spec})
        rule.contact_types.set(contact_types)
        rule.risk_flag_types.set(risk_flags)
        rule.final_third_exception_flag_types.set(exception_flags)
