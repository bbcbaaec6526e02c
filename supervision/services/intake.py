"""Opening a case: from a sentence (a community order or suspended sentence order, made by a court) or a release
(a licence or post-sentence supervision, from a prison).

`open_case` is the one way a case starts outside the admin: it checks the person is not already supervised
(an exact PNC number match is refused, by the database too; a name and date of birth match must be confirmed
as a different person), gives the case a CRN (generated from a database sequence, or entered and checked),
and puts it in the chosen team's allocation queue, with its history, an allocation record and a note to the
team's line managers, all in one transaction.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from caseworks.errors import RuleBroken, raise_if_broken
from supervision import permissions, roles
from supervision.models import Case, CaseAllocation
from supervision.models.cases import CRN_PATTERN
from supervision.services.notifications import notify

# The PNC check character: the two-digit year and seven-digit serial read as one number, modulo 23, picks a
# letter from this alphabet (I, O and S are left out; Z stands for 0).
PNC_CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
_PNC_TYPED = re.compile(r"^([0-9]{4})/([0-9]{1,7})([A-Z])$")

# Generated CRNs are this letter and six digits from the sequence; an entered CRN may use any letter.
GENERATED_CRN_LETTER = "P"

PNC_FORMAT = "Enter a PNC number as the year, a slash, the serial number and the check letter, like 2019/0123456E"
PNC_CHECK_LETTER_WRONG = "The PNC number's check letter does not match the number: check it was typed correctly"
CRN_FORMAT = "Enter a CRN as one capital letter followed by six digits, like X123456"
CRN_TAKEN = "A case with that CRN already exists: leave the CRN blank to have one generated"
TEAM_NOT_YOURS = "Select a team in your Probation Delivery Unit or region"
COURT_NEEDED = "Enter the court that made the order"
PRISON_NEEDED = "Enter the prison the person was released from"
HDC_ONLY_ON_LICENCE = "HDC curfew end applies to a licence only: leave it blank"
HDC_WITHIN_LICENCE = "The HDC curfew end must be on or after the release date and before the licence ends"
ENDS_BEFORE_START = "The expected end date must be on or after the start date"
BORN_AFTER_START = "The date of birth must be before the start date"
DIFFERENT_PERSON_NOT_CONFIRMED = "Confirm this is a different person, or open the existing case instead"
RELEASES = (Case.SupervisionType.LICENCE, Case.SupervisionType.PSS)


def pnc_check_letter(year: str, serial: str) -> str:
    """The check letter for a four-digit year and a serial number (padded to seven digits)."""
    return PNC_CHECK_LETTERS[int(year[-2:] + serial.zfill(7)) % 23]


def normalise_pnc(text: str) -> str:
    """A typed PNC number as stored (2019/0123456E): spaces dropped, letters in capitals, the serial padded to
    seven digits, the check letter checked. Raises `RuleBroken` (on `pnc_number`) when it is not a PNC number."""
    typed = _PNC_TYPED.match(re.sub(r"\s+", "", text).upper())
    if typed is None:
        raise RuleBroken(PNC_FORMAT, field="pnc_number")
    year, serial, letter = typed.groups()
    if letter != pnc_check_letter(year, serial):
        raise RuleBroken(PNC_CHECK_LETTER_WRONG, field="pnc_number")
    return f"{year}/{serial.zfill(7)}{letter}"


def next_crn() -> str:
    """A CRN nobody holds: the generated letter and the database sequence's next number (PostgreSQL), skipping any
    number already entered by hand. On SQLite (development only) the next number after the highest generated."""
    existing = Case.objects.filter(crn__startswith=GENERATED_CRN_LETTER)
    if connection.vendor != "postgresql":
        highest = existing.order_by("-crn").values_list("crn", flat=True).first()
        number = int(highest[1:]) + 1 if highest else 100000
        return f"{GENERATED_CRN_LETTER}{number:06d}"
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT nextval('supervision_crn_seq')")
            crn = f"{GENERATED_CRN_LETTER}{cursor.fetchone()[0]:06d}"
            if not existing.filter(crn=crn).exists():
                return crn


@dataclass(frozen=True)
class PossibleDuplicate:
    """A case with the same name and date of birth. The CRN is shown only to someone who may see the case."""

    crn: str
    is_visible: bool


def same_name_and_birth(*, user, first_name: str, last_name: str, date_of_birth: date) -> list[PossibleDuplicate]:
    """Cases (in any team) for a person with this name and date of birth, as the user may be told of them: two
    queries whatever the number."""
    matches = list(
        Case.objects.filter(
            first_name__iexact=first_name.strip(), last_name__iexact=last_name.strip(), date_of_birth=date_of_birth
        )
        .order_by("crn")
        .values_list("pk", "crn")
    )
    if not matches:
        return []
    ids = [pk for pk, _ in matches]
    visible = set(permissions.cases_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    return [PossibleDuplicate(crn=crn, is_visible=pk in visible) for pk, crn in matches]


class PossibleDuplicateFound(RuleBroken):
    """A name and date of birth match: the form asks the user to confirm this is a different person."""

    def __init__(self, matches: list[PossibleDuplicate]):
        super().__init__(DIFFERENT_PERSON_NOT_CONFIRMED, field="is_different_person")
        self.matches = matches


def pnc_already_open_message(user, pnc_number: str) -> str:
    case = Case.objects.filter(pnc_number=pnc_number).first()
    if case is not None and permissions.is_visible(user, case):
        return f"There is already a case for PNC number {pnc_number}: {case.crn}. Open that case instead"
    return (
        f"There is already a case for PNC number {pnc_number}, in a team you cannot see. "
        "Ask your Head of Public Protection"
    )


@dataclass(frozen=True)
class CaseOpening:
    """What the "Open a case" form collects. `crn` empty means generate one."""

    team: object
    first_name: str
    last_name: str
    date_of_birth: date
    pnc_number: str
    supervision_type: str
    started_on: date
    expected_end_on: date
    rosh: str
    tier: str
    crn: str = ""
    hdc_curfew_ends_on: date | None = None
    court: str = ""
    releasing_prison: str = ""
    address: str = ""
    postcode: str = ""
    is_different_person: bool = False


def _broken_rules(opening: CaseOpening, *, by) -> list[RuleBroken]:
    broken = []
    if not permissions.teams_for_intake(by).filter(pk=opening.team.pk).exists():
        broken.append(RuleBroken(TEAM_NOT_YOURS, field="team"))
    if opening.crn and not re.match(CRN_PATTERN, opening.crn):
        broken.append(RuleBroken(CRN_FORMAT, field="crn"))
    elif opening.crn and Case.objects.filter(crn=opening.crn).exists():
        broken.append(RuleBroken(CRN_TAKEN, field="crn"))
    if opening.expected_end_on < opening.started_on:
        broken.append(RuleBroken(ENDS_BEFORE_START, field="expected_end_on"))
    if opening.date_of_birth >= opening.started_on:
        broken.append(RuleBroken(BORN_AFTER_START, field="date_of_birth"))
    is_release = opening.supervision_type in RELEASES
    if is_release and not opening.releasing_prison.strip():
        broken.append(RuleBroken(PRISON_NEEDED, field="releasing_prison"))
    if not is_release and not opening.court.strip():
        broken.append(RuleBroken(COURT_NEEDED, field="court"))
    curfew = opening.hdc_curfew_ends_on
    if curfew is not None and opening.supervision_type != Case.SupervisionType.LICENCE:
        broken.append(RuleBroken(HDC_ONLY_ON_LICENCE, field="hdc_curfew_ends_on"))
    elif curfew is not None and not opening.started_on <= curfew < opening.expected_end_on:
        broken.append(RuleBroken(HDC_WITHIN_LICENCE, field="hdc_curfew_ends_on"))
    return broken


@transaction.atomic
def open_case(opening: CaseOpening, *, by, now=None) -> Case:
    """Open a case in a team's allocation queue. Refused (nothing written) when the PNC number is already on a
    case, when a case for someone with the same name and date of birth exists and the user has not confirmed
    this is a different person, or when the sentence details do not fit together."""
    now = now or timezone.now()
    broken = _broken_rules(opening, by=by)
    try:
        pnc_number = normalise_pnc(opening.pnc_number)
    except RuleBroken as error:
        broken.insert(0, error)
    raise_if_broken(broken)
    if Case.objects.filter(pnc_number=pnc_number).exists():
        raise RuleBroken(pnc_already_open_message(by, pnc_number), field="pnc_number")
    if not opening.is_different_person:
        matches = same_name_and_birth(
            user=by, first_name=opening.first_name, last_name=opening.last_name, date_of_birth=opening.date_of_birth
        )
        if matches:
            raise PossibleDuplicateFound(matches)
    is_release = opening.supervision_type in RELEASES
    case = Case(
        crn=opening.crn or next_crn(),
        first_name=opening.first_name.strip(),
        last_name=opening.last_name.strip(),
        date_of_birth=opening.date_of_birth,
        pnc_number=pnc_number,
        supervision_type=opening.supervision_type,
        started_on=opening.started_on,
        expected_end_on=opening.expected_end_on,
        hdc_curfew_ends_on=opening.hdc_curfew_ends_on,
        court="" if is_release else opening.court.strip(),
        releasing_prison=opening.releasing_prison.strip() if is_release else "",
        address=opening.address.strip(),
        postcode=opening.postcode.strip().upper(),
        rosh=opening.rosh,
        tier=opening.tier,
        team=opening.team,
        responsible_officer=None,
        awaiting_allocation_since=now,
    )
    case._history_user = by
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        # Someone opened the same PNC number (or took the CRN) a moment ago: the constraints are the backstop.
        if Case.objects.filter(pnc_number=pnc_number).exists():
            raise RuleBroken(pnc_already_open_message(by, pnc_number), field="pnc_number") from None
        raise RuleBroken(CRN_TAKEN, field="crn") from None
    source = f"released from {case.releasing_prison}" if is_release else f"sentenced at {case.court}"
    allocation = CaseAllocation.objects.create(
        case=case,
        kind=CaseAllocation.Kind.OPENED,
        to_team=case.team,
        reason=f"{case.get_supervision_type_display()}, {source}.",
        by=by,
        at=now,
    )
    tell_team_managers(case, allocation, subject="A new case is waiting for allocation")
    return case


def tell_team_managers(case, allocation, *, subject: str) -> None:
    """The team's line managers (not the person who did it) are told a case is in their allocation queue."""
    managers = case.team.staff.filter(user__is_active=True, user__groups__name=roles.LINE_MANAGER).exclude(
        user_id=allocation.by_id
    )
    for profile in managers.select_related("user").distinct():
        notify(
            profile.user,
            event_key=f"case-allocation:{allocation.pk}",
            subject=subject,
            body=f"{case.full_name} ({case.crn}) is in the allocation queue for {case.team.name}.",
            url=reverse("supervision:allocation-queue"),
            case=case,
        )
