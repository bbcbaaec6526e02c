"""`{% if request.user|may_read_audit %}`: the case page's link to who has seen the case, for its readers only."""

from django import template

from supervision.views.audit import may_read_audit as _may_read_audit

register = template.Library()


@register.filter
def may_read_audit(user) -> bool:
    return _may_read_audit(user)
