"""Fictional demo data: an organisation, one sign-in per role, and a realistic caseload.

Every name, address and CRN here is invented. Dates are relative to the day the data is loaded, so the
caseload always looks current. `build_demo()` is safe to run twice: it adds nothing the second time.
"""

from dataclasses import dataclass

from supervision import roles
from supervision.models import StaffProfile

DEMO_PASSWORD = "caseworks-demo"


SEED_CASE_CRN = "D482913"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    grade: str
    role: str
    team: str | None


DEMO_USERS = [
    DemoUser("priya.shah", "Priya", "Shah", StaffProfile.Grade.PO, roles.RESPONSIBLE_OFFICER, "Avonford North"),
    DemoUser("tom.hughes", "Tom", "Hughes", StaffProfile.Grade.PSO, roles.RESPONSIBLE_OFFICER, "Avonford North"),
    DemoUser("helen.carter", "Helen", "Carter", StaffProfile.Grade.SPO, roles.LINE_MANAGER, "Avonford North"),
    DemoUser("gareth.owen", "Gareth", "Owen", StaffProfile.Grade.SPO, roles.LINE_MANAGER, "Avonford North"),
    DemoUser("amina.begum", "Amina", "Begum", StaffProfile.Grade.PO, roles.RESPONSIBLE_OFFICER, "Kingsbridge"),
    DemoUser("ruth.penhaligon", "Ruth", "Penhaligon", StaffProfile.Grade.SPO, roles.LINE_MANAGER, "Kingsbridge"),
    DemoUser("david.okafor", "David", "Okafor", StaffProfile.Grade.HOPP, roles.HEAD_OF_PUBLIC_PROTECTION, None),
    DemoUser("sam.reid", "Sam", "Reid", StaffProfile.Grade.ADMIN, roles.ADMINISTRATOR, None),
    # Reads the audit nationally: who has seen which case, and what each user has looked at.
    DemoUser("joan.whitfield", "Joan", "Whitfield", StaffProfile.Grade.ADMIN, roles.AUDITOR, None),
    # The MAPPA unit's co-ordinator for the Wessex region (mappa/demo gives the seat): decides MAPPA referrals.
    DemoUser("nadia.ferreira", "Nadia", "Ferreira", StaffProfile.Grade.SPO, roles.MAPPA_COORDINATOR, None),
]
