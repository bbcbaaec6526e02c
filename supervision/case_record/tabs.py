"""What the case pages show around each page: the sub-navigation tabs and the overview's "open work".

Both are lists so a feature adds its own without editing the pages: mappa appends "Referrals and MAPPA", the
contact-frequency rules append their overdue requirements to the open work. Never add a tab for a page
that does not exist yet.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class CaseTab:
    key: str
    label: str
    url_name: str  # takes the kwarg `crn`


CASE_TABS: list[CaseTab] = [
    CaseTab("overview", "Overview", "supervision:case-detail"),
    CaseTab("contacts", "Contacts", "supervision:case-contacts"),
    CaseTab("contact-requirements", "Contact requirements", "supervision:case-contact-requirements"),
    CaseTab("chronology", "Chronology", "supervision:case-chronology"),
    CaseTab("conditions", "Licence conditions", "supervision:case-conditions"),
    CaseTab("key-individuals", "Key individuals and victims", "supervision:case-key-individuals"),
    CaseTab("risk-flags", "Risk flags", "supervision:case-risk-flags"),
]


def tabs_for(case, current: str) -> list[dict]:
    return [
        {"label": tab.label, "url": reverse(tab.url_name, kwargs={"crn": case.crn}), "is_current": tab.key == current}
        for tab in CASE_TABS
    ]
