"""One vocabulary for a broken business rule, shared by both apps.

A service checks each rule once and raises `RuleBroken` with the message the user should read (a constant
that tests assert) and, when the rule belongs to one field, that field's name. Forms parse and check shape
only; `caseworks.forms.show_rule_error` puts the message on the right field in GOV.UK style.
"""

from collections.abc import Iterable


class RuleBroken(Exception):
    """A business rule refused the change; nothing was written."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    @property
    def every_rule(self) -> list["RuleBroken"]:
        return [self]


class RulesBroken(RuleBroken):
    """Several rules refused one submission. GOV.UK's error summary lists every problem at once, so an
    officer in a hurry fixes them in one go rather than meeting them one by one."""

    def __init__(self, broken: list[RuleBroken]):
        super().__init__(broken[0].message, field=broken[0].field)
        self.broken = broken

    @property
    def every_rule(self) -> list[RuleBroken]:
        return self.broken


def raise_if_broken(broken: Iterable[RuleBroken]) -> None:
    """Raise every broken rule together: the one, or RulesBroken for several; nothing if none is broken."""
    broken = list(broken)
    if len(broken) == 1:
        raise broken[0]
    if broken:
        raise RulesBroken(broken)


class InvalidTransition(RuleBroken):
    """The record is not in a state from which this action can be taken (it may have moved on)."""

    MESSAGE = "That step cannot be taken now: the record has moved on. Check its history."

    def __init__(self, current, action):
        super().__init__(self.MESSAGE)
        self.current = current
        self.action = action
