"""Fictional demo data: an organisation, one sign-in per role, and a realistic caseload.

Every name, address and CRN here is invented. Dates are relative to the day the data is loaded, so the
caseload always looks current. `build_demo()` is safe to run twice: it adds nothing the second time.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group, User
from django.utils import timezone

from supervision import roles
from supervision.demo.users import DEMO_PASSWORD, DEMO_USERS, SEED_CASE_CRN
from supervision.models import (
    PDU,
    AcuteRiskFactor,
    Case,
    Contact,
    KeyIndividual,
    LicenceCondition,
    LicenceConditionType,
    Region,
    RelationshipDisclosure,
    RiskFlag,
    RiskFlagType,
    StaffProfile,
    Team,
)

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


def _at(day: date, hour: int, minute: int = 0) -> datetime:
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
                user.set_password(DEMO_PASSWORD)
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
        StaffProfile.objects.filter(user=self.users["amina.begum"]).update(line_manager=self.users["gareth.owen"])
        StaffProfile.objects.filter(user=self.users["helen.carter"]).update(
            line_manager=self.users["david.okafor"], deputy=self.users["gareth.owen"]
        )
        StaffProfile.objects.filter(user=self.users["gareth.owen"]).update(line_manager=self.users["david.okafor"])

    # Helpers ---------------------------------------------------------------------------------------
    def contact(self, case, code, day, hour, outcome=Contact.Outcome.ATTENDED_COMPLIED, notes="", **extra):
        extra.setdefault("made_by_user", case.responsible_officer)
        return Contact.objects.create(
            case=case,
            contact_type=self.contact_types[code],
            starts_at=_at(day, hour),
            outcome=outcome,
            notes=notes,
            recorded_by=case.responsible_officer,
            **extra,
        )

    def standard_conditions(self, case):
        for condition_type in LicenceConditionType.objects.filter(category=LicenceConditionType.Category.STANDARD):
            LicenceCondition.objects.create(
                case=case,
                condition_type=condition_type,
                wording=condition_type.default_wording,
                started_on=case.started_on,
            )

    def condition(self, case, code, started_on=None, **extra):
        condition_type = LicenceConditionType.objects.get(code=code)
        return LicenceCondition.objects.create(
            case=case,
            condition_type=condition_type,
            wording=extra.pop("wording", condition_type.default_wording),
            started_on=started_on or case.started_on,
            **extra,
        )

    def flag(self, case, code, started_on, next_review_on):
        return RiskFlag.objects.create(
            case=case,
            flag_type=RiskFlagType.objects.get(code=code),
            started_on=started_on,
            next_review_on=next_review_on,
        )

    # The seed case ---------------------------------------------------------------------------------
    def seed_case(self):
        """The inspection case study: released to his mother's, exclusion zone, a new pregnant partner."""
        ro = self.users["priya.shah"]
        released = self.today - timedelta(days=126)
        case = Case.objects.create(
            crn=SEED_CASE_CRN,
            first_name="Damien",
            last_name="Hollis",
            date_of_birth=date(1994, 3, 9),
            address="27 Larkspur Road\nAvonford",
            postcode="AV4 7QT",
            supervision_type=Case.SupervisionType.LICENCE,
            started_on=released,
            expected_end_on=released + timedelta(days=540),
            hdc_curfew_ends_on=released + timedelta(days=56),
            rosh=Case.RoSH.HIGH,
            tier=Case.Tier.B,
            mappa_category=Case.MappaCategory.VIOLENT,
            mappa_level=Case.MappaLevel.TWO,
            team=self.teams["Avonford North"],
            responsible_officer=ro,
        )
        mother = KeyIndividual.objects.create(
            case=case,
            name="Carol Hollis",
            relationship=KeyIndividual.Relationship.MOTHER,
            phone="07700 900412",
            address="27 Larkspur Road, Avonford AV4 7QT",
            notes="Damien lives with her. Reliable; does not make excuses for him.",
        )
        victim = KeyIndividual.objects.create(
            case=case,
            name="Leanne Pryor",
            relationship=KeyIndividual.Relationship.FORMER_PARTNER,
            is_victim=True,
            is_vulnerable=True,
            notes="Victim of the index offence. In the Victim Contact Scheme: contact only through the VLO.",
        )
        partner = KeyIndividual.objects.create(
            case=case,
            name="Kayleigh Dunn",
            relationship=KeyIndividual.Relationship.PARTNER,
            is_potential_victim=True,
            is_vulnerable=True,
            is_pregnant=True,
            children="Expecting their first child.",
            notes="New relationship started shortly after release; not disclosed as the licence requires.",
        )
        self.standard_conditions(case)
        self.condition(case, "RES1", wording="Reside at 27 Larkspur Road, Avonford, with your mother.")
        self.condition(
            case,
            "EXZ1",
            exclusion_zone_description="The Eastfield estate, Avonford, bounded by Wharf Street, the ring road "
            "and the canal, as shown on the map provided.",
        )
        self.condition(
            case,
            "NCT1",
            key_individual=victim,
            wording="Not to approach or communicate with Leanne Pryor without the prior approval of the "
            "supervising officer.",
        )
        self.condition(case, "REL1")
        self.condition(case, "PRG1")
        curfew = self.condition(case, "CUR1", wording="HDC curfew 19:00–07:00 at the approved address.")
        curfew.ended_on = case.hdc_curfew_ends_on
        curfew.end_reason = "HDC curfew period ended."
        curfew.save()

        self.flag(case, "MAPP", released, self.today + timedelta(days=60))
        self.flag(case, "DAPE", released, self.today + timedelta(days=20))
        self.flag(case, "VCSC", released, self.today - timedelta(days=4))  # review overdue
        self.flag(case, "CHCN", released + timedelta(days=49), self.today + timedelta(days=45))

        # Twice a week: once at the office, once at home (the RO or the police).
        day = released + timedelta(days=1)
        week = 0
        while day < self.today - timedelta(days=2):
            office = day
            home = day + timedelta(days=3)
            self.contact(
                case,
                "COAP",
                office,
                10,
                notes="Reporting as directed. Discussed accommodation and employment. Reminded of exclusion zone.",
            )
            if home < self.today:
                if week % 2:
                    self.contact(
                        case,
                        "CHVP",
                        home,
                        20,
                        notes="Police home visit on the RO's behalf: Damien present, mother present, no concerns.",
                        made_by=Contact.MadeBy.POLICE,
                        made_by_user=None,
                        made_by_name="PC Rachel Jones",
                        made_by_identifier="4471",
                        made_by_agency="Wessex Police",
                        location="27 Larkspur Road, Avonford",
                    )
                else:
                    self.contact(
                        case,
                        "CHVS",
                        home,
                        16,
                        notes="Home visit. Spoke with Damien and his mother separately; "
                        "mother confirms he is in by the curfew.",
                        location="27 Larkspur Road, Avonford",
                        key_individual=mother,
                    )
            day += timedelta(days=7)
            week += 1

        events = [
            (
                20,
                "CLVL",
                "VLO reports that Leanne says Damien was seen on the Eastfield estate on Saturday. "
                "Allegation passed to police for checks.",
                True,
                victim,
            ),
            (
                22,
                "CLPO",
                "Police checks: no sightings confirmed; Damien says he was at his mother's. Mother "
                "confirms. Conflicting accounts: unable to determine.",
                True,
                None,
            ),
            (
                41,
                "CKIN",
                "Damien's mother mentions a new girlfriend, Kayleigh. Not disclosed by Damien as the licence requires.",
                False,
                mother,
            ),
            (
                44,
                "COAP",
                "Warning issued for entering the exclusion zone (CCTV confirmed by police) and failure "
                "to disclose a developing relationship.",
                False,
                None,
            ),
            (
                63,
                "CKIN",
                "Kayleigh is pregnant. Assessed as vulnerable. Acute risk factor: contact level and "
                "safeguarding referrals reviewed with SPO.",
                True,
                partner,
            ),
            (64, "CLCS", "Safeguarding referral discussed with children's social care (unborn child).", True, partner),
            (65, "CLMR", "MARAC referral sent for Kayleigh.", True, partner),
            (92, "CLPO", "Police report Damien stopped driving a vehicle while disqualified.", False, None),
        ]
        for offset, code, notes, sensitive, individual in events:
            self.contact(
                case,
                code,
                released + timedelta(days=offset),
                11,
                outcome=Contact.Outcome.CONTACT_MADE,
                notes=notes,
                is_sensitive=sensitive,
                key_individual=individual,
            )
        # The new relationship: learned of from his mother, not disclosed as the licence requires; the
        # pregnancy makes it an acute risk factor, still awaiting its review so the banner shows.
        factor = AcuteRiskFactor.objects.create(
            case=case,
            description="New partner Kayleigh is pregnant and vulnerable",
            identified_on=released + timedelta(days=63),
            key_individual=partner,
            raised_by=ro,
        )
        RelationshipDisclosure.objects.create(
            case=case,
            key_individual=partner,
            learned_on=released + timedelta(days=41),
            is_disclosed_by_person=False,
            source="His mother, during a home visit",
            acute_risk_factor=factor,
            recorded_by=ro,
        )
        # Next appointments: office on Monday-ish, and the programme session.
        self.contact(case, "COAP", self.today + timedelta(days=2), 10, outcome="", is_appointment=True)
        self.contact(case, "CPRG", self.today + timedelta(days=5), 14, outcome="", is_appointment=True)
        return case

    # The rest of the caseload ---------------------------------------------------------------------
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
            KeyIndividual.objects.create(
                case=case,
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
                self.flag(case, code, started, self.today + timedelta(days=rng.randint(-10, 90)))
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
                self.contact(
                    case, "COAP", self.today + timedelta(days=rng.randint(1, 14)), 10, outcome="", is_appointment=True
                )
