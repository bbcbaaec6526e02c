"""The rule preview in the admin (supervision/contact_requirements/preview.py): the rule covering the most cases,
previewed as an edit (the rule as entered and the rule as saved, both worked out), against a `count(*)` of the
active cases its criteria match in SQL: the least any preview must do to say how many cases it covers."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count

from caseworks.bench.measure import Comparison, alternate, profile
from supervision.contact_requirements.loading import stored_rules
from supervision.contact_requirements.matching import in_sql
from supervision.contact_requirements.preview import preview
from supervision.models import Case


def _widest_rule(on: date):
    rules = [rule for rule in stored_rules(on=on) if in_sql(rule, on) is not None]
    counts = {rule.key: Case.objects.active().filter(in_sql(rule, on)).count() for rule in rules}
    return max(rules, key=lambda rule: counts[rule.key]) if rules else None


def preview_benchmark(on: date, *, repetitions: int) -> Comparison | None:
    rule = _widest_rule(on)
    if rule is None:
        return None
    user = get_user_model().objects.filter(is_superuser=True).first() or get_user_model().objects.first()
    condition = in_sql(rule, on)

    def app():
        return preview(rule, is_active=True, on=on, user=user, saved=rule).cases

    def matched():
        return Case.objects.active().filter(condition).aggregate(n=Count("pk"))["n"]

    result = alternate(
        f"Rule preview (an edit): {rule.source}",
        app,
        {"count(*) of the cases it matches": matched},
        repetitions=repetitions,
    )
    profile(result, app)
    result.note = f"covers {app():,} active cases; {matched():,} match its criteria before the final third"
    return result
