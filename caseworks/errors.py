"""One vocabulary for a broken business rule, shared by both apps.

A service checks each rule once and raises `RuleBroken` with the message the user should read (a constant
that tests assert) and, when the rule belongs to one field, that field's name. Forms parse and check shape
only; `caseworks.forms.show_rule_error` puts the message on the right field in GOV.UK style.
"""


class RuleBroken(Exception):
    """A business rule refused the change; nothing was written."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidTransition(RuleBroken):
    """The record is not in a state from which this action can be taken (it may have moved on)."""

    MESSAGE = "That step cannot be taken now: the record has moved on. Check its history."

    def __init__(self, current, action):
        super().__init__(self.MESSAGE)
        self.current = current
        self.action = action
