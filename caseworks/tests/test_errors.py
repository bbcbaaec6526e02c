"""One vocabulary for a broken rule (caseworks/errors.py) and how a form shows it (caseworks/forms.py)."""

import pytest
from django import forms

from caseworks.errors import RuleBroken, RulesBroken, raise_if_broken
from caseworks.forms import show_rule_error


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False)


def test_nothing_is_raised_when_no_rule_is_broken():
    raise_if_broken([])


def test_one_broken_rule_is_raised_as_itself():
    rule = RuleBroken("Enter the reason", field="reason")
    with pytest.raises(RuleBroken) as raised:
        raise_if_broken([rule])
    assert raised.value is rule


def test_several_broken_rules_are_raised_together_in_order():
    rules = [RuleBroken("Enter the reason", field="reason"), RuleBroken("The case has closed")]
    with pytest.raises(RulesBroken) as raised:
        raise_if_broken(iter(rules))
    assert raised.value.every_rule == rules
    assert raised.value.message == "Enter the reason"


def test_a_form_shows_each_rule_on_its_field_or_at_the_top():
    form = ReasonForm({"reason": ""})
    assert form.is_valid()
    show_rule_error(
        form,
        RulesBroken([RuleBroken("Enter the reason", field="reason"), RuleBroken("Ended", field="not_on_this_form")]),
    )
    assert form.errors == {"reason": ["Enter the reason"], "__all__": ["Ended"]}
