"""The case record: the person on probation, their sentence, risk, conditions and key individuals."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Max, OuterRef, Q, Subquery
from django.urls import reverse
from simple_history.models import HistoricalRecords

CRN_PATTERN = r"^[A-Z][0-9]{6}$"
crn_validator = RegexValidator(CRN_PATTERN, "Enter a CRN as one capital letter followed by six digits, like X123456")
# A PNC number as stored: four-digit year, seven-digit serial, check character (supervision/services/intake.py).
PNC_PATTERN = r"^[0-9]{4}/[0-9]{7}[A-Z]$"


class CaseQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Case.Status.ACTIVE)

    def past_end_date(self, *, on):
        """Active cases on or past their expected end date. The end date is the first day the sentence no longer
        applies, so a case ending today is listed today: no contact requirement applies to it any more, and it
        must be closed or its end date corrected."""
        return self.active().filter(expected_end_on__lte=on)

    def awaiting_allocation(self):
        """Cases in an allocation queue: no responsible officer yet, longest waiting first."""
        return self.filter(responsible_officer__isnull=True).order_by("awaiting_allocation_since", "pk")

    def with_contact_summary(self, *, now):
        """Annotate the last time the person was seen, the last home visit and the next appointment.

        "Seen" means an outcome in which the person was actually seen or spoken to, in a contact with them
        (not liaison with other agencies or key individuals). One aggregate query for the whole caseload.
        """
        from supervision.models.contacts import Contact, ContactType

        seen = Q(
            contacts__starts_at__lte=now,
            contacts__outcome__in=Contact.SEEN_OUTCOMES,
        ) & ~Q(contacts__contact_type__group__in=[ContactType.Group.OTHER_AGENCY, ContactType.Group.KEY_INDIVIDUAL])
        return self.annotate(
            last_contact_at=Max("contacts__starts_at", filter=seen),
            last_home_visit_at=Max("contacts__starts_at", filter=seen & Q(contacts__contact_type__is_home_visit=True)),
            # The one rule for what is still booked (a cancelled appointment is not), read per case.
            next_appointment_at=Subquery(
                Contact.objects.upcoming_appointments(now=now)
                .filter(case=OuterRef("pk"))
                .order_by("starts_at")
                .values("starts_at")[:1]
            ),
        )


class Case(models.Model):
    """A person on probation and the sentence they are being supervised on."""

    class SupervisionType(models.TextChoices):
        LICENCE = "LICENCE", "Licence"
        PSS = "PSS", "Post-sentence supervision"
        COMMUNITY_ORDER = "CO", "Community order"
        SSO = "SSO", "Suspended sentence order"

    class RoSH(models.TextChoices):
        LOW = "LOW", "Low"
        MEDIUM = "MEDIUM", "Medium"
        HIGH = "HIGH", "High"
        VERY_HIGH = "VERY_HIGH", "Very high"

    class Tier(models.TextChoices):
        A = "A", "A"
        B = "B", "B"
        C = "C", "C"
        D = "D", "D"
        E = "E", "E"
        F = "F", "F"
        G = "G", "G"
        NOT_SUPERVISED = "NS", "Not supervised"

    class MappaCategory(models.IntegerChoices):
        SEXUAL = 1, "Category 1 – registered sexual offender"
        VIOLENT = 2, "Category 2 – violent offender"
        OTHER_DANGEROUS = 3, "Category 3 – other dangerous offender"
        TERRORIST = 4, "Category 4 – terrorist or terrorist-risk offender"

    class MappaLevel(models.IntegerChoices):
        ONE = 1, "Level 1 – ordinary agency management"
        TWO = 2, "Level 2 – active multi-agency management"
        THREE = 3, "Level 3 – active multi-agency management with senior oversight"

    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", "Active"
        RECALLED = "RECALLED", "Recalled to custody"
        CLOSED = "CLOSED", "Closed"

    class ClosureReason(models.TextChoices):
        SENTENCE_ENDED = "SENTENCE_ENDED", "Sentence ended"
        DIED = "DIED", "Died"
        TRANSFERRED_OUT = "TRANSFERRED_OUT", "Transferred out of the service"
        # Set only by a recall decision (supervision/services/closure.py: record_recall), never typed.
        RECALLED = "RECALLED", "Recalled to custody"

    crn = models.CharField("CRN", max_length=7, unique=True, validators=[crn_validator])
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    address = models.TextField(blank=True, help_text="Approved address the person lives at.")
    postcode = models.CharField(max_length=10, blank=True)
    supervision_type = models.CharField(max_length=8, choices=SupervisionType.choices)
    started_on = models.DateField(help_text="Start of supervision (release date for a licence).")
    expected_end_on = models.DateField()
    hdc_curfew_ends_on = models.DateField("HDC curfew ends on", null=True, blank=True)
    rosh = models.CharField("RoSH", max_length=9, choices=RoSH.choices)
    rosh_assessed_on = models.DateField("RoSH assessed on", null=True, blank=True)
    tier = models.CharField(max_length=2, choices=Tier.choices)
    mappa_category = models.PositiveSmallIntegerField(
        "MAPPA category", choices=MappaCategory.choices, null=True, blank=True
    )
    mappa_level = models.PositiveSmallIntegerField("MAPPA level", choices=MappaLevel.choices, null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    # Changes to a case and its closure: supervision/services/case_changes.py and closure.py.
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=15, choices=ClosureReason.choices, blank=True)
    # Raised by one on each change; a change form saved from an older version is refused (caseworks.submissions).
    version = models.PositiveIntegerField(default=1, editable=False)
    team = models.ForeignKey("supervision.Team", on_delete=models.PROTECT, related_name="cases")
    # Intake and allocation (supervision/services/intake.py, allocation.py). A case waits in its team's
    # allocation queue with no responsible officer, from `awaiting_allocation_since`, until a line manager
    # allocates it: the two are empty together or filled together (a CHECK constraint below).
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="caseload"
    )
    awaiting_allocation_since = models.DateTimeField(null=True, blank=True, editable=False)
    pnc_number = models.CharField("PNC number", max_length=13, null=True, blank=True)
    court = models.CharField(max_length=200, blank=True, help_text="The sentencing court, for a community sentence.")
    releasing_prison = models.CharField(max_length=200, blank=True, help_text="For a licence: released from.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(condition=Q(crn__regex=CRN_PATTERN), name="case_crn_format"),
            models.CheckConstraint(condition=Q(expected_end_on__gte=F("started_on")), name="case_ends_after_it_starts"),
            models.CheckConstraint(
                condition=Q(hdc_curfew_ends_on__isnull=True) | Q(hdc_curfew_ends_on__gte=F("started_on")),
                name="case_hdc_curfew_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(mappa_category__isnull=True, mappa_level__isnull=True)
                | Q(mappa_category__isnull=False, mappa_level__isnull=False),
                name="case_mappa_category_and_level_together",
            ),
            # The choices, said to the database too: the contact rules match on these numbers.
            models.CheckConstraint(
                condition=Q(mappa_category__isnull=True) | Q(mappa_category__in=[1, 2, 3, 4]),
                name="case_mappa_category_known",
            ),
            models.CheckConstraint(
                condition=Q(mappa_level__isnull=True) | Q(mappa_level__in=[1, 2, 3]), name="case_mappa_level_known"
            ),
            models.CheckConstraint(
                condition=Q(date_of_birth__lt=F("started_on")), name="case_born_before_supervision_starts"
            ),
            # Intake and allocation: no officer means waiting in the allocation queue (since a moment); one
            # PNC number is one person, so one case.
            models.CheckConstraint(
                condition=Q(responsible_officer__isnull=True, awaiting_allocation_since__isnull=False)
                | Q(responsible_officer__isnull=False, awaiting_allocation_since__isnull=True),
                name="case_unallocated_means_awaiting_allocation",
            ),
            models.CheckConstraint(
                condition=Q(pnc_number__isnull=True) | Q(pnc_number__regex=PNC_PATTERN), name="case_pnc_format"
            ),
            models.UniqueConstraint(fields=["pnc_number"], name="case_unique_pnc_number"),
            # An active case has no closure; a closed one has its day and reason; a recall is the recall's own.
            models.CheckConstraint(
                condition=Q(status="ACTIVE", closed_on__isnull=True, closure_reason="")
                | Q(
                    status="CLOSED",
                    closed_on__isnull=False,
                    closure_reason__in=["SENTENCE_ENDED", "DIED", "TRANSFERRED_OUT"],
                )
                | Q(status="RECALLED", closed_on__isnull=False, closure_reason="RECALLED"),
                name="case_closed_with_a_day_and_reason",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.crn})"

    def get_absolute_url(self):
        return reverse("supervision:case-detail", kwargs={"crn": self.crn})

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def is_awaiting_allocation(self) -> bool:
        return self.responsible_officer_id is None

    @property
    def officer_name(self) -> str:
        """The responsible officer's name, or that the case waits for one."""
        officer = self.responsible_officer
        if officer is None:
            return "Not allocated"
        return officer.get_full_name() or officer.username

    @property
    def is_access_limited(self) -> bool:
        """Whether a restriction or exclusion (supervision/models/access.py) limits who may see the case."""
        return self.access_limits.exists()


class KeyIndividual(models.Model):
    """Someone in the person's life: family, partners, children; some are victims or vulnerable."""

    class Relationship(models.TextChoices):
        MOTHER = "MOTHER", "Mother"
        FATHER = "FATHER", "Father"
        PARTNER = "PARTNER", "Partner"
        FORMER_PARTNER = "FORMER_PARTNER", "Former partner"
        CHILD = "CHILD", "Child"
        SIBLING = "SIBLING", "Brother or sister"
        OTHER_FAMILY = "OTHER_FAMILY", "Other family member"
        FRIEND = "FRIEND", "Friend"
        VICTIM_NOT_KNOWN = "VICTIM", "Victim (not otherwise related)"
        OTHER = "OTHER", "Other"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="key_individuals")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=16, choices=Relationship.choices)
    is_victim = models.BooleanField("victim", default=False, help_text="A victim of the person's offending.")
    is_potential_victim = models.BooleanField("potential victim", default=False)
    is_vulnerable = models.BooleanField("vulnerable", default=False)
    is_pregnant = models.BooleanField("pregnant", default=False)
    children = models.TextField(blank=True, help_text="Children in their care, or expected.")
    phone = models.CharField(max_length=30, blank=True)
    address = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    # Empty only for people recorded before who added them was kept.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by one on each edit; an edit form saved from an older version is refused (caseworks.submissions).
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.get_relationship_display()})"


class LicenceConditionType(models.Model):
    """Reference data: the standard and additional conditions, with their usual wording."""

    class Category(models.TextChoices):
        STANDARD = "STANDARD", "Standard"
        RESIDENCE = "RESIDENCE", "Residence"
        EXCLUSION_ZONE = "EXCLUSION", "Exclusion zone"
        NON_CONTACT = "NON_CONTACT", "Non-contact"
        RELATIONSHIPS = "RELATIONSHIPS", "Disclose developing relationships"
        CURFEW = "CURFEW", "Curfew"
        PROGRAMME = "PROGRAMME", "Programme attendance"
        DRUG_TESTING = "DRUG_TESTING", "Drug testing"
        ELECTRONIC_MONITORING = "EM", "Electronic monitoring"
        BESPOKE = "BESPOKE", "Bespoke"

    code = models.CharField(max_length=12, unique=True)
    category = models.CharField(max_length=14, choices=Category.choices)
    name = models.CharField(max_length=150)
    default_wording = models.TextField()
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "name"]

    def __str__(self):
        return self.name

    @property
    def is_standard(self):
        return self.category == self.Category.STANDARD


class LicenceConditionQuerySet(models.QuerySet):
    def in_force(self, *, on):
        """Conditions that have started and not ended on the day given."""
        return self.filter(started_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))


class LicenceCondition(models.Model):
    """A condition on the case. A variation ends one condition and starts its replacement."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="licence_conditions")
    condition_type = models.ForeignKey(LicenceConditionType, on_delete=models.PROTECT, related_name="conditions")
    wording = models.TextField()
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)
    # Empty while the condition is in force, and for conditions ended before who ended them was kept.
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    exclusion_zone_description = models.TextField(blank=True)
    key_individual = models.ForeignKey(
        KeyIndividual,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conditions",
        help_text="For a non-contact condition: the person not to be contacted.",
    )
    replaces = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by one on each edit; an edit form saved from an older version is refused (caseworks.submissions).
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = LicenceConditionQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="licence_condition_ends_after_it_starts",
            ),
            # Ended means ended with a reason, and only then. (Who ended it is left out: rows ended before
            # that was kept have nobody, and the admin, where it is read-only, could not check it.)
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="") | Q(ended_on__isnull=False) & ~Q(end_reason=""),
                name="licence_condition_ended_with_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.condition_type} ({self.case.crn})"

    @property
    def is_standard(self):
        return self.condition_type.category == LicenceConditionType.Category.STANDARD
