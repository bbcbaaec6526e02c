"""The catalogue every installation needs: contact types, licence condition types and risk flag types.

Matching is by code, so loading again updates names and settings without duplicating rows or touching
records that use them.
"""

from supervision.models import ContactType, LicenceConditionType, RiskFlagType

G = ContactType.Group
C = ContactType.Channel


# code, name, group, channel, home visit, enforceable, outcome required, bookable
CONTACT_TYPES = [
    ("COAI", "Initial appointment – in office", G.APPOINTMENT, C.OFFICE, False, True, True, True),
    ("COAP", "Planned office appointment", G.APPOINTMENT, C.OFFICE, False, True, True, True),
    ("COVC", "Planned video appointment", G.APPOINTMENT, C.VIDEO, False, True, True, True),
    ("COPT", "Planned telephone appointment", G.APPOINTMENT, C.PHONE, False, True, True, True),
    # Booked through the programmes service for each session of an enrolment (supervision.services.programmes).
    ("CPRG", "Programme session", G.APPOINTMENT, C.OFFICE, False, True, True, True),
    ("CHVS", "Home visit", G.HOME_VISIT, C.HOME, True, True, True, True),
    ("CHVU", "Home visit – unannounced", G.HOME_VISIT, C.HOME, True, True, True, False),
    ("CHVP", "Home visit by police on the RO's behalf", G.HOME_VISIT, C.HOME, True, True, True, False),
    ("CTIN", "Phone call from the person", G.PHONE_AND_MESSAGES, C.PHONE, False, False, False, False),
    ("CTOU", "Phone call to the person", G.PHONE_AND_MESSAGES, C.PHONE, False, False, False, False),
    ("CEML", "Text or e-mail", G.PHONE_AND_MESSAGES, C.MESSAGE, False, False, False, False),
    ("CLPO", "Liaison with police", G.OTHER_AGENCY, C.AGENCY, False, False, False, False),
    ("CLCS", "Liaison with children's social care", G.OTHER_AGENCY, C.AGENCY, False, False, False, False),
    ("CLVL", "Liaison with victim liaison officer", G.OTHER_AGENCY, C.AGENCY, False, False, False, False),
    ("CLMP", "Liaison with MAPPA unit", G.OTHER_AGENCY, C.AGENCY, False, False, False, False),
    ("CLMR", "Liaison with MARAC", G.OTHER_AGENCY, C.AGENCY, False, False, False, False),
    ("CLHE", "Liaison with health", G.OTHER_AGENCY, C.AGENCY, False, False, False, False),
    ("CLHO", "Liaison with housing", G.OTHER_AGENCY, C.AGENCY, False, False, False, False),
    ("CKIN", "Contact with a key individual", G.KEY_INDIVIDUAL, C.OTHER, False, False, False, False),
    ("CKIH", "Key individual seen at home", G.KEY_INDIVIDUAL, C.HOME, False, False, False, False),
]


Cat = LicenceConditionType.Category


# code, category, name, default wording
LICENCE_CONDITION_TYPES = [
    (
        "STD1",
        Cat.STANDARD,
        "Be of good behaviour",
        "Be of good behaviour and not behave in a way which undermines the purpose of the licence period.",
    ),
    ("STD2", Cat.STANDARD, "Commit no offence", "Not commit any offence."),
    (
        "STD3",
        Cat.STANDARD,
        "Keep in touch",
        "Keep in touch with the supervising officer in accordance with instructions given by the supervising officer.",
    ),
    (
        "STD4",
        Cat.STANDARD,
        "Receive visits",
        "Receive visits from the supervising officer in accordance with instructions given by the supervising officer.",
    ),
    (
        "STD5",
        Cat.STANDARD,
        "Reside as directed",
        "Reside permanently at an address approved by the supervising officer and obtain the prior permission "
        "of the supervising officer for any stay of one or more nights at a different address.",
    ),
    (
        "STD6",
        Cat.STANDARD,
        "Work only as approved",
        "Not undertake work, or a particular type of work, unless it is approved by the supervising officer "
        "and notify the supervising officer in advance of any proposal to undertake work or a particular type "
        "of work.",
    ),
    (
        "STD7",
        Cat.STANDARD,
        "No travel outside the UK",
        "Not travel outside the United Kingdom, the Channel Islands or the Isle of Man except with the prior "
        "permission of the supervising officer or for the purposes of immigration deportation or removal.",
    ),
    (
        "RES1",
        Cat.RESIDENCE,
        "Reside at a named address",
        "Reside at the address named and not move without the prior approval of the supervising officer.",
    ),
    (
        "EXZ1",
        Cat.EXCLUSION_ZONE,
        "Exclusion zone",
        "Not to enter the area described, as shown on the map provided, without the prior approval of the "
        "supervising officer.",
    ),
    (
        "NCT1",
        Cat.NON_CONTACT,
        "No contact with a named person",
        "Not to approach or communicate with the named person without the prior approval of the supervising officer.",
    ),
    (
        "REL1",
        Cat.RELATIONSHIPS,
        "Disclose developing relationships",
        "Notify the supervising officer of any developing intimate relationships with women or men.",
    ),
    (
        "CUR1",
        Cat.CURFEW,
        "Curfew",
        "Confine yourself to the address approved between the hours set, unless otherwise authorised.",
    ),
    (
        "PRG1",
        Cat.PROGRAMME,
        "Attend a programme",
        "Attend all appointments arranged for you to participate in, and co-operate with, the Building Better "
        "Relationships programme.",
    ),
    (
        "DRG1",
        Cat.DRUG_TESTING,
        "Drug testing",
        "Attend a location as directed to give a sample of oral fluid or urine to test for specified drugs.",
    ),
    (
        "EMT1",
        Cat.ELECTRONIC_MONITORING,
        "Electronic monitoring",
        "Allow the electronic monitoring equipment to be installed and not tamper with it.",
    ),
    ("BSP1", Cat.BESPOKE, "Bespoke condition", "Wording as set by the releasing authority."),
]


# code, name, review every (months)
RISK_FLAG_TYPES = [
    ("MAPP", "MAPPA", 6),
    ("DAPE", "Domestic abuse perpetrator", 3),
    ("CHPR", "Child protection", 3),
    ("CHCN", "Child concerns", 6),
    ("RSOF", "Registered sex offender", 6),
    ("CSEX", "Child sexual exploitation", 3),
    ("STLK", "Stalking", 3),
    ("REST", "Restraining order", 6),
    ("RTKA", "Risk to known adult", 6),
    ("VCSC", "Victim contact scheme", 6),
    ("NSEC", "National security", 3),
]


def load_catalogue() -> None:
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
