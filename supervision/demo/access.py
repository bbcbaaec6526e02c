"""A restricted case in the demo, so limited access can be seen: one of Priya Shah's cases, restricted by the
Head of Public Protection to Priya and her line manager. Signed in as Tom Hughes (same team) it is refused."""

from supervision.demo.users import SEED_CASE_CRN
from supervision.models import Case, CaseAccessLimit
from supervision.services.access import set_access_limit

DEMO_RESTRICTION_MESSAGE = "This case is restricted. Ask Helen Carter, Senior Probation Officer, Avonford North."


def build_access_demo(builder) -> None:
    users = builder.users
    officer, manager, head = users["priya.shah"], users["helen.carter"], users["david.okafor"]
    case = Case.objects.filter(responsible_officer=officer).exclude(crn=SEED_CASE_CRN).order_by("crn").first()
    if case is None or CaseAccessLimit.objects.filter(case=case).exists():
        return
    set_access_limit(
        case,
        kind=CaseAccessLimit.Kind.RESTRICTION,
        staff=[officer, manager],
        message=DEMO_RESTRICTION_MESSAGE,
        reason="A member of the person's family works in the Avonford North office.",
        by=head,
    )
