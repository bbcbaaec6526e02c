"""Migrations written for SQLite as well as PostgreSQL (`make run` uses SQLite), and fast on a fresh database.

`CreateModels` creates several models in one step. Django's own CreateModel re-renders, in the migration state,
every model related to the new one and every model related to those: a new model pointing at Case re-renders
nearly all of them, so creating 90 models one by one renders models thousands of times, and that, not SQL, was
most of `migrate` on a fresh database. `CreateModels` adds all the models' states first and renders the related
models once. The schema and the migration state are the same as with one CreateModel each (`makemigrations
--check` proves the state; caseworks/tests/test_migrations.py and the constraint tests prove the schema). Inside
one `CreateModels` a model may point at one that comes later in the list: PostgreSQL adds foreign keys at the end
of the migration, and SQLite accepts a reference to a table it has not made yet.

`with_constraints_in_create_model` moves each AddConstraint into the CreateModel of the same migration when every
field it names is already among the model's fields, so SQLite, which rebuilds a table for every AddConstraint,
creates the table with its constraints once (a constraint on a foreign key that a later AddField adds stays where
it is).
"""

from django.db import migrations
from django.db.migrations.operations.base import Operation
from django.db.models import F, Q


class CreateModels(Operation):
    """CreateModel for each of `operations`, with the related models rendered once rather than once per model."""

    reversible = True

    def __init__(self, operations):
        if not all(isinstance(operation, migrations.CreateModel) for operation in operations):
            raise TypeError("CreateModels takes CreateModel operations only")
        self.operations = operations
        super().__init__()

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"operations": self.operations})

    def state_forwards(self, app_label, state):
        # Without the rendered models cached on the state, each CreateModel only records its model's state; the
        # models are then rendered together. `"apps" in __dict__` is how Django itself asks whether they are.
        rendered = state.__dict__.pop("apps", None)
        for operation in self.operations:
            operation.state_forwards(app_label, state)
        if rendered is not None:
            state.apps = rendered
            state.reload_models([(app_label, operation.name_lower) for operation in self.operations], delay=False)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for operation in self.operations:
            operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for operation in reversed(self.operations):
            operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"Create {len(self.operations)} models: " + ", ".join(operation.name for operation in self.operations)


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
