"""Reference data every installation needs: contact types, licence conditions, risk flags.

Loaded by `manage.py load_reference_data` (and by `seed_demo`). Matching is by code, so running it
again updates names and settings without duplicating rows or touching records that use them.
"""

from django.db import transaction

from supervision.models import ContactType, LicenceConditionType, RiskFlagType
from supervision.reference_data.bank_holidays import load_bank_holidays
from supervision.reference_data.catalogue import CONTACT_TYPES, LICENCE_CONDITION_TYPES, RISK_FLAG_TYPES


@transaction.atomic
def load_reference_data() -> None:
    for order, (code, name, group, channel, home, enforceable, outcome, bookable) in enumerate(CONTACT_TYPES):
        ContactType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "group": group,
                "channel": channel,
                "is_home_visit": home,
                "is_enforceable": enforceable,
                "is_outcome_required": outcome,
                "is_bookable": bookable,
                "display_order": order * 10,
            },
        )
    for code, category, name, wording in LICENCE_CONDITION_TYPES:
        LicenceConditionType.objects.update_or_create(
            code=code, defaults={"category": category, "name": name, "default_wording": wording}
        )
    for code, name, months in RISK_FLAG_TYPES:
        RiskFlagType.objects.update_or_create(code=code, defaults={"name": name, "review_every_months": months})

    load_bank_holidays()

    from supervision.reference_data.contact_rules import load_default_contact_rules

    load_default_contact_rules()

    from mappa.reference_data.agencies import load_agencies

    load_agencies()
