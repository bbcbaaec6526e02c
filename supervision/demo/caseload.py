"""The demo organisation (regions, PDUs, teams, one sign-in per role) and a caseload of fictional people,
with the helpers every demo step uses to add contacts, conditions and flags.

The organisation, the sign-ins and the Case rows are written directly (there is no intake service); all the
history on a case goes through the services users call, so the demo can only hold states they allow.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.utils import timezone

from supervision import roles
from supervision.demo.users import DEMO_PASSWORD, DEMO_USERS
from supervision.models import (
    PDU,
    Case,
    Contact,
    KeyIndividual,
    LicenceCondition,
    LicenceConditionType,
    Region,
    RiskFlag,
    RiskFlagType,
    StaffProfile,
    Team,
)
from supervision.services.conditions import add_condition, add_standard_conditions
from supervision.services.contacts import ContactDetails, book_appointment, record_contact
from supervision.services.risk import add_key_individual, add_risk_flag

FIRST_NAMES = [
    "Aaron",
    "Bradley",
    "Callum",
    "Connor",
    "Dale",
    "Dean",
    "Ellis",
    "Jordan",
    "Kieran",
    "Lewis",
    "Liam",
    "Marcus",
    "Nathan",
    "Owen",
    "Reece",
    "Ryan",
    "Shane",
    "Tyler",
    "Wayne",
    "Zak",
    "Chantelle",
    "Jade",
    "Kirsty",
    "Leanne",
    "Stacey",
]


LAST_NAMES = [
    "Ashdown",
    "Barlow",
    "Brennan",
    "Carver",
    "Dawlish",
    "Fenwick",
    "Garside",
    "Hartley",
    "Kershaw",
    "Lowther",
    "Maddox",
    "Norcross",
    "Oakes",
    "Pennock",
    "Quarry",
    "Rowntree",
    "Scarfe",
    "Thwaite",
    "Underhill",
    "Varley",
    "Wolstenholme",
    "Yardley",
]


STREETS = ["Mill Lane", "Station Road", "Church Street", "Victoria Terrace", "Orchard Close", "Quarry Hill"]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class DemoBuilder:
    def __init__(self, today: date):
        self.today = today
        self.rng = random.Random(20261126)
        self.users: dict[str, User] = {}

    # Organisation and sign-ins -------------------------------------------------------------------
    def organisation(self):
        region, _ = Region.objects.get_or_create(name="Wessex")
        pdu, _ = PDU.objects.get_or_create(region=region, name="Avonford and Kingsbridge")
        self.teams = {
            name: Team.objects.get_or_create(pdu=pdu, name=name)[0] for name in ("Avonford North", "Kingsbridge")
        }
        # Every demo user signs in with the one published demo password: hashed once, not once per user (each
        # hash is deliberately slow; ten of them were a third of the time seed_demo took).
        password_hash = make_password(DEMO_PASSWORD)
        for spec in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=spec.username,
                defaults={
                    "first_name": spec.first_name,
                    "last_name": spec.last_name,
                    "email": f"{spec.username}@probation.example",
                    "is_staff": spec.role == roles.ADMINISTRATOR,
                },
            )
            if created:
                user.password = password_hash
                user.save()
            user.groups.add(Group.objects.get(name=spec.role))
            StaffProfile.objects.get_or_create(
                user=user,
                defaults={
                    "grade": spec.grade,
                    "team": self.teams.get(spec.team),
                    "region": region if spec.role == roles.HEAD_OF_PUBLIC_PROTECTION else None,
                },
            )
            self.users[spec.username] = user
        # Line management: officers report to Helen; Helen's deputy is Gareth; both SPOs report to David.
        for officer in ("priya.shah", "tom.hughes"):
            StaffProfile.objects.filter(user=self.users[officer]).update(line_manager=self.users["helen.carter"])
        # Kingsbridge has its own line manager, who can see its cases: its escalations reach someone.
        StaffProfile.objects.filter(user=self.users["amina.begum"]).update(line_manager=self.users["ruth.penhaligon"])
        StaffProfile.objects.filter(user=self.users["ruth.penhaligon"]).update(line_manager=self.users["david.okafor"])
        StaffProfile.objects.filter(user=self.users["helen.carter"]).update(
            line_manager=self.users["david.okafor"], deputy=self.users["gareth.owen"]
        )
        StaffProfile.objects.filter(user=self.users["gareth.owen"]).update(line_manager=self.users["david.okafor"])

    # Helpers ---------------------------------------------------------------------------------------
    def contact(self, case, code, day, hour, outcome=Contact.Outcome.ATTENDED_COMPLIED, notes="", **extra) -> Contact:
        """A contact that has happened, recorded by the responsible officer as the contact form records it."""
        details = ContactDetails(
            contact_type=self.contact_types[code], starts_at=at(day, hour), outcome=outcome, notes=notes, **extra
        )
        return record_contact(case, details, by=case.responsible_officer)

    def appointment(self, case, code, day, hour, notes="") -> Contact:
        """An appointment booked for the future; its outcome is recorded once it has happened."""
        details = ContactDetails(contact_type=self.contact_types[code], starts_at=at(day, hour), notes=notes)
        return book_appointment(case, details, by=case.responsible_officer)

    def standard_conditions(self, case) -> list[LicenceCondition]:
        return add_standard_conditions(case, started_on=case.started_on, by=case.responsible_officer)

    def condition(self, case, code, started_on=None, **extra) -> LicenceCondition:
        return add_condition(
            case,
            condition_type=LicenceConditionType.objects.get(code=code),
            started_on=started_on or case.started_on,
            by=case.responsible_officer,
            **extra,
        )

    def flag(self, case, code, started_on, next_review_on) -> RiskFlag:
        return add_risk_flag(
            case,
            flag_type=RiskFlagType.objects.get(code=code),
            started_on=started_on,
            next_review_on=next_review_on,
            by=case.responsible_officer,
        )

    def key_individual(self, case, **fields) -> KeyIndividual:
        return add_key_individual(case, by=case.responsible_officer, **fields)

    def other_cases(self, count: int = 36):
        officers = [self.users[name] for name in ("priya.shah", "tom.hughes", "amina.begum")]
        rosh_weights = [(Case.RoSH.LOW, 3), (Case.RoSH.MEDIUM, 5), (Case.RoSH.HIGH, 3), (Case.RoSH.VERY_HIGH, 1)]
        flag_codes = ["DAPE", "CHCN", "RSOF", "STLK", "REST", "RTKA"]
        rng = self.rng
        for n in range(count):
            officer = officers[n % len(officers)]
            rosh = rng.choices([r for r, _ in rosh_weights], [w for _, w in rosh_weights])[0]
            started = self.today - timedelta(days=rng.randint(5, 400))
            kind = rng.choice(list(Case.SupervisionType))
            category = level = None
            if rosh in (Case.RoSH.HIGH, Case.RoSH.VERY_HIGH) and rng.random() < 0.5:
                category, level = rng.choice([1, 2, 3]), rng.choice([1, 1, 2])
            case = Case.objects.create(
                crn=f"{'ABCEFGHJKLMN'[n % 12]}{300000 + n * 7919 % 699999:06d}",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                date_of_birth=date(1960 + rng.randint(0, 43), rng.randint(1, 12), rng.randint(1, 28)),
                address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}\nAvonford",
                postcode=f"AV{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                supervision_type=kind,
                started_on=started,
                expected_end_on=started + timedelta(days=rng.choice([365, 540, 730])),
                rosh=rosh,
                tier=rng.choice("ABCDEFG"),
                mappa_category=category,
                mappa_level=level,
                team=officer.profile.team,
                responsible_officer=officer,
            )
            if kind in (Case.SupervisionType.LICENCE, Case.SupervisionType.PSS):
                self.standard_conditions(case)
            self.key_individual(
                case,
                name=f"{rng.choice(FIRST_NAMES)} {case.last_name}",
                relationship=rng.choice(
                    [
                        KeyIndividual.Relationship.MOTHER,
                        KeyIndividual.Relationship.SIBLING,
                        KeyIndividual.Relationship.PARTNER,
                    ]
                ),
            )
            for code in rng.sample(flag_codes, rng.randint(0, 2)):
                # Some reviews overdue, none due before the flag started (the service refuses that).
                self.flag(case, code, started, max(started, self.today + timedelta(days=rng.randint(-10, 90))))
            # A spread of recent contacts: some cases well seen, some drifting.
            gap = rng.choice([4, 7, 10, 14, 21, 35])
            day = started + timedelta(days=1)
            while day < self.today:
                code = rng.choices(["COAP", "CHVS", "CTOU", "COVC"], [6, 2, 2, 1])[0]
                outcome = rng.choices(
                    [
                        Contact.Outcome.ATTENDED_COMPLIED,
                        Contact.Outcome.FAILED_TO_ATTEND,
                        Contact.Outcome.ACCEPTABLE_ABSENCE,
                    ],
                    [10, 1, 1],
                )[0]
                extra = {"absence_reason": Contact.AbsenceReason.MEDICAL} if outcome == "AA" else {}
                if code == "CTOU":
                    outcome = Contact.Outcome.CONTACT_MADE
                    extra = {}
                self.contact(case, code, day, rng.choice([9, 10, 11, 14, 15]), outcome=outcome, **extra)
                day += timedelta(days=gap)
            if rng.random() < 0.7:
                self.appointment(case, "COAP", self.today + timedelta(days=rng.randint(1, 14)), 10)
