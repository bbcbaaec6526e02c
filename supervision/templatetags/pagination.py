"""The GOV.UK pagination's page numbers: the first and last pages and those around the current one, with an
ellipsis between (a region's list runs to hundreds of pages)."""

from django import template

register = template.Library()


@register.filter
def elided_page_range(page):
    """`Paginator.get_elided_page_range` around the current page: 1 … 4 5 [6] 7 8 … 400."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
