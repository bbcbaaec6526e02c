"""The programmes and structured interventions cases are enrolled on. Administrators add and retire them in the
admin; loading again updates names and session counts by code without touching enrolments. The codes are this
service's own (fictional where a programme has no public code)."""

from supervision.models import Programme

Kind = Programme.Kind

# code, name, kind, number of sessions
PROGRAMMES = [
    ("BBR", "Building Better Relationships", Kind.ACCREDITED, 31),
    ("TSP", "Thinking Skills Programme", Kind.ACCREDITED, 19),
    ("RESOLVE", "Resolve", Kind.ACCREDITED, 24),
    ("HORIZON", "Horizon", Kind.ACCREDITED, 31),
    ("IHORIZON", "iHorizon", Kind.ACCREDITED, 19),
    ("KAIZEN", "Kaizen", Kind.ACCREDITED, 70),
    ("BCH", "Building Choices", Kind.ACCREDITED, 27),
    ("BNM", "Becoming New Me+", Kind.ACCREDITED, 26),
    ("CRAFT", "Choices, Actions, Relationships and Emotions", Kind.STRUCTURED, 10),
    ("DWDC", "Drink Driving Intervention", Kind.STRUCTURED, 8),
]


def load_programmes() -> None:
    for code, name, kind, sessions in PROGRAMMES:
        Programme.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "number_of_sessions": sessions}
        )
