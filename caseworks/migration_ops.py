"""Migrations written for SQLite as well as PostgreSQL (`make run` uses SQLite): on SQLite every AddConstraint
rebuilds its table, so a migration that creates a model and then adds a dozen constraints to it rebuilds that table
a dozen times. `with_constraints_in_create_model` moves each AddConstraint into the CreateModel of the same
migration when every field it names is already among the model's fields (a constraint on a foreign key that a later
AddField adds stays where it is). The schema and the migration state are the same either way
(`makemigrations --check` proves the state; the constraint tests prove the schema)."""

from django.db import migrations
from django.db.models import F, Q


def _names(expression):
    """The first part of every field name an expression refers to."""
    if isinstance(expression, Q):
        for child in expression.children:
            if isinstance(child, tuple):
                yield child[0].split("__")[0]
                yield from _names(child[1])
            else:
                yield from _names(child)
    elif isinstance(expression, F):
        yield expression.name.split("__")[0]
    elif hasattr(expression, "get_source_expressions"):
        for inner in expression.get_source_expressions():
            yield from _names(inner)


def _fields_of(constraint) -> set[str]:
    names = set(getattr(constraint, "fields", ()) or ())
    condition = getattr(constraint, "condition", None)
    if condition is not None:
        names |= set(_names(condition))
    return names


def with_constraints_in_create_model(operations: list) -> list:
    created = {op.name.lower(): op for op in operations if isinstance(op, migrations.CreateModel)}
    kept = []
    for op in operations:
        model = created.get(op.model_name.lower()) if isinstance(op, migrations.AddConstraint) else None
        if model is not None and _fields_of(op.constraint) <= {name for name, _ in model.fields}:
            model.options.setdefault("constraints", []).append(op.constraint)
            continue
        kept.append(op)
    return kept
