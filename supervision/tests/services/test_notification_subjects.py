"""No notification's subject names a person: the subject goes out by e-mail, outside Caseworks's access checks.

Read from the source, so a new `notify()` (or `NewNotification`, or a helper passing a subject on) whose subject
interpolates a case, a person or free text fails here. Interpolations allowed are the names listed below, each
a piece of configuration rather than personal data."""

import ast
from pathlib import Path

from django.conf import settings

# `what`: a contact rule's description of the contact it needs ("Home visit"), set by administrators.
# `notification.subject`: the e-mail's subject is the stored notification's, checked where that was made.
ALLOWED_INTERPOLATIONS = {"what", "notification.subject"}
APPS = ("supervision", "mappa")


def _subjects(tree: ast.AST):
    """Every `subject=` keyword in a call, and every assignment to a variable called `subject`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield from ((kw.value, node.lineno) for kw in node.keywords if kw.arg == "subject")
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "subject" for t in node.targets):
            yield node.value, node.lineno


def _problems(value: ast.expr) -> list[str]:
    if isinstance(value, ast.Constant):
        return []
    if isinstance(value, ast.Name):
        return []  # passed on; where it is assigned, that assignment is checked too
    if isinstance(value, ast.Attribute) and value.attr == "subject":
        return []  # a stored notification's subject, e-mailed: checked where the notification was made
    if isinstance(value, ast.IfExp):
        return _problems(value.body) + _problems(value.orelse)
    if isinstance(value, ast.JoinedStr):
        names = [ast.unparse(part.value) for part in value.values if isinstance(part, ast.FormattedValue)]
        return [name for name in names if name not in ALLOWED_INTERPOLATIONS]
    return [ast.unparse(value)]


def notification_sources():
    root = Path(settings.BASE_DIR)
    for app in APPS:
        for path in (root / app).rglob("*.py"):
            if "tests" not in path.parts and "migrations" not in path.parts:
                yield path


def test_no_notification_subject_interpolates_anything_but_configuration():
    found, problems = 0, []
    for path in notification_sources():
        source = path.read_text()
        if "notify" not in source and "NewNotification" not in source and "_tell" not in source:
            continue
        for value, line in _subjects(ast.parse(source)):
            found += 1
            problems += [f"{path.name}:{line}: {problem}" for problem in _problems(value)]
    assert found >= 15, "the scan found too few subjects: has the notify() call changed shape?"
    assert problems == []


def test_the_check_catches_a_subject_that_names_the_person():
    tree = ast.parse('notify(officer, subject=f"Home visit overdue for {case.full_name}", body="")')
    ((value, _),) = list(_subjects(tree))
    assert _problems(value) == ["case.full_name"]
