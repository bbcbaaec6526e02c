"""Admin pages: reference data, organisation and contact-frequency rules for administrators; case records
read-only and undeletable. Each module registers its own models."""

from supervision.admin import (  # noqa: F401
    case_history,
    case_records,
    contact_rule_records,
    contact_rules,
    enforcement,
    notifications,
    organisation,
    reference_data,
    users,
)
