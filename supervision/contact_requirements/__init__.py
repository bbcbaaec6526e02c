"""Contact requirements: for every active case, which contact it needs, when it was last had, and when it is due.

This package only reads; the overdue-contacts job (supervision.services.overdue_contacts) writes the flags.
Each concern has its own module:

- loading.py: rules, case-level requirements, case facts and qualifying contacts, read in a fixed number of
  queries whatever the number of cases;
- matching.py: which requirements apply to which case, and from which day;
- assess.py: when a contact is due and when it is overdue (met, due soon, overdue);
- wording.py: the words people read (frequencies, sources, explanations, dates);
- computation.py: contact_requirements() puts them together; for_cases, for_case and preview_requirement give
  the caseload, the case page and the rule preview the shape each needs.

The names below are the package's public API.
"""

from supervision.contact_requirements.assess import CaseRequirements, RequirementStatus, Status, by_case
from supervision.contact_requirements.computation import (
    contact_requirements,
    for_case,
    for_cases,
    preview_requirement,
    with_contact_details,
)
from supervision.contact_requirements.loading import Requirement, load_contact_types
from supervision.contact_requirements.wording import describe_frequency, describe_stored

__all__ = [
    "CaseRequirements",
    "Requirement",
    "RequirementStatus",
    "Status",
    "by_case",
    "contact_requirements",
    "describe_frequency",
    "describe_stored",
    "for_case",
    "for_cases",
    "load_contact_types",
    "preview_requirement",
    "with_contact_details",
]
