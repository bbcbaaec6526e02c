"""Search: every case the user may see, by CRN, PNC number, name, date of birth or postcode (supervision.search).

A list like the caseload, so no audit row is written for it (supervision/services/audit.py audits the case pages,
where personal data beyond a name is shown); opening a result is audited as any case view is.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import render

from supervision import permissions
from supervision.forms.search import SearchForm
from supervision.search import parse, search_cases
from supervision.views.base import refuse_without_case_role

PAGE_SIZE = 25


def search(request):
    user = request.user
    if not permissions.may_use_case_pages(user):
        return refuse_without_case_role(request)
    form = SearchForm(request.GET or None)
    criteria = None
    page = None
    if form.is_valid():
        criteria = parse(form.cleaned_data.get("q", ""), date_of_birth=form.cleaned_data.get("date_of_birth"))
        if not criteria.is_empty:
            # One transaction: the name search sets its similarity threshold for this transaction alone.
            with transaction.atomic():
                page = Paginator(search_cases(user, criteria), PAGE_SIZE).get_page(request.GET.get("page"))
                page.object_list = list(page.object_list)
    params = {key: values for key, values in request.GET.lists() if key != "page"}
    return render(
        request,
        "supervision/search/results.html",
        {
            "form": form,
            "criteria": criteria,
            "page": page,
            "base_query": urlencode(params, doseq=True),
        },
    )
