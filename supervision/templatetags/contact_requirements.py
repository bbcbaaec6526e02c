"""Template tags that show a case's contact requirements, from the computation its page has already done."""

from django import template

from supervision.contact_requirements import for_case

register = template.Library()


@register.simple_tag
def contact_requirements_for(case, on):
    """`{% contact_requirements_for case today as contact_requirements %}`: the case's CaseRequirements (or
    None), from the same computation the page's open work used."""
    return for_case(case, on=on)
