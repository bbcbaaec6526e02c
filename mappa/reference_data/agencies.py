"""Agencies Caseworks refers to. Fictional local names; matched by name so a rerun adds nothing."""

from mappa.models import Agency

K = Agency.Kind
AGENCIES = [
    ("Wessex Police", K.POLICE, "publicprotection@police.example"),
    ("Avonford Children's Social Care", K.CHILDRENS_SOCIAL_CARE, "childrens.frontdoor@council.example"),
    ("Avonford Adult Social Care", K.ADULT_SOCIAL_CARE, "adult.safeguarding@council.example"),
    ("Avonford MARAC", K.MARAC, "marac@council.example"),
    ("Wessex MAPPA Unit", K.MAPPA_UNIT, "mappa.unit@probation.example"),
    ("Wessex Victim Liaison Unit", K.VICTIM_LIAISON, "victim.liaison@probation.example"),
    ("Avonford Community Mental Health Team", K.HEALTH, "cmht@nhs.example"),
    ("Avonford Housing Options", K.HOUSING, "housing.options@council.example"),
]


def load_agencies() -> None:
    for name, kind, email in AGENCIES:
        Agency.objects.update_or_create(name=name, defaults={"kind": kind, "email": email})
