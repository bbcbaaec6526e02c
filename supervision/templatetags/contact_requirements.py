from django import template

register = template.Library()


@register.filter
def for_case(requirements_by_case, case):
    """`contact_requirements|for_case:case`: that case's CaseRequirements, or None."""
    return (requirements_by_case or {}).get(getattr(case, "pk", case))
