"""Contact-frequency rules: how often, and how, each case must be seen; and the flags raised when it is not.

One convention for dates everywhere in contact requirements: a start date is the first day something applies
and an end date is the first day it no longer applies. A risk flag ended on 10 March is not open on 10 March;
a case-level requirement ending on 10 March last applies on 9 March; a sentence whose expected end date is
10 March has no contact requirements from 10 March.

Rules are rows that administrators configure (local policy); a line manager can add a case-level
requirement for one case. `supervision.contact_requirements` applies both, in one computation,
for the caseload, the case page and the background job.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from supervision.models.cases import Case
from supervision.models.contacts import ContactType

# Contact types in which the person on probation does not take part: liaison with another agency, and contacts
# with key individuals (a partner seen at home while the person is out). They never count towards a requirement.
CONTACT_GROUPS_WITHOUT_THE_PERSON = frozenset({ContactType.Group.OTHER_AGENCY, ContactType.Group.KEY_INDIVIDUAL})


class ContactCounting(models.Model):
    """What contact counts towards a requirement, and how often it is needed. Shared by rules and case-level
    requirements so the computation reads them the same way."""

    contact_description = models.CharField(
        "contact needed",
        max_length=60,
        help_text="Short name for the contact, as officers say it: “Home visit”, “Office appointment”.",
    )
    contact_types = models.ManyToManyField(
        ContactType,
        blank=True,
        related_name="+",
        help_text="Contact types that count. A police home visit on the officer's behalf counts if ticked. Only "
        "contacts in which the person on probation took part count: liaison with another agency and contacts "
        "with key individuals (a partner seen at home, say) never count, whichever channel they are on.",
    )
    counts_home_visits = models.BooleanField(
        "any home visit counts",
        default=False,
        help_text="Every contact type marked “counts as a home visit” counts, including ones added later.",
    )
    channels = models.JSONField(
        "channels that count",
        default=list,
        blank=True,
        help_text="Every contact type on one of these channels counts, if the person on probation took part in "
        "it: agency liaison and key-individual contacts do not count.",
    )
    contacts_needed = models.PositiveSmallIntegerField(
        "number of contacts",
        default=1,
        help_text="How many qualifying contacts are needed in each period. Two contacts on the same day count as two.",
    )
    every_days = models.PositiveSmallIntegerField(
        "period in days",
        null=True,
        blank=True,
        help_text="The period, in calendar days (weekends and bank holidays count). The next contact is due "
        "this many days after the last one (for 2 or more contacts, after the one that many back): a home visit "
        "every 14 days made on 3 November is due on 17 November. Leave empty for a one-off contact (e.g. a "
        "first home visit).",
    )
    grace_days = models.PositiveSmallIntegerField(
        default=0,
        help_text="Calendar days after the due date before the contact counts as overdue. The due day itself is "
        "never overdue: with 0 grace days a visit due on 17 November is overdue from 18 November; with 2, from "
        "20 November.",
    )
    notify_line_manager_after_days = models.PositiveSmallIntegerField(
        "tell the line manager after (days)",
        null=True,
        blank=True,
        default=7,
        help_text="Tell the officer's line manager, in their daily digest, when an overdue flag stays open this "
        "many days. Leave empty never to tell them about a single flag.",
    )
    chronic_overdue_periods = models.PositiveSmallIntegerField(
        "chronic shortfall: overdue in (periods)",
        null=True,
        blank=True,
        help_text="Tell the line manager, in their daily digest, when the contact has been overdue in this many of "
        "the last periods (the number below). Leave empty not to look for a chronic shortfall.",
    )
    chronic_within_periods = models.PositiveSmallIntegerField(
        "chronic shortfall: out of the last (periods)",
        null=True,
        blank=True,
        help_text="How many periods back to look: 3 overdue out of the last 5 periods of 7 days means 3 overdue "
        "flags due in the last 35 days.",
    )

    class Meta:
        abstract = True

    def counted_contact_type_ids(self, contact_types, chosen_ids) -> frozenset[int]:
        """Ids of the contact types that count, given every ContactType and the ticked ones.

        Only types in which the person on probation takes part: a contact counts towards seeing the person only
        when they were seen or spoken to, so agency liaison and key-individual contacts never count.
        """
        chosen = set(chosen_ids)
        channels = set(self.channels or [])
        return frozenset(
            t.pk
            for t in contact_types
            if t.group not in CONTACT_GROUPS_WITHOUT_THE_PERSON
            and (t.pk in chosen or t.channel in channels or (self.counts_home_visits and t.is_home_visit))
        )


class ContactRule(ContactCounting):
    """A contact-frequency rule: which cases it covers, and what contact they need, how often.

    Empty case criteria mean "any". By default a case must meet every criterion given; a rule can
    instead cover cases that meet any one of them ("high RoSH, registered sex offenders or child sexual
    exploitation cases"). The supervision window and the final-third stage always apply.
    """

    class Match(models.TextChoices):
        ALL = "ALL", "Cases that meet every criterion given"
        ANY = "ANY", "Cases that meet any one of the criteria given"

    class HdcCurfew(models.TextChoices):
        ANY = "", "Whether or not an HDC curfew is in force"
        IN_FORCE = "IN_FORCE", "Only while an HDC curfew is in force"
        NOT_IN_FORCE = "NOT_IN_FORCE", "Only when no HDC curfew is in force"

    class Stage(models.TextChoices):
        WHOLE = "", "Throughout supervision"
        NOT_FINAL_THIRD = "NOT_FINAL_THIRD", "Stops in the final third of supervision (Probation Reset)"

    name = models.CharField(
        max_length=120, unique=True, help_text="Shown to officers, e.g. “High RoSH first 12 weeks”."
    )
    rationale = models.TextField(help_text="Why the rule exists: the policy or decision it comes from.")
    is_active = models.BooleanField("active", default=True, help_text="Untick to stop applying the rule.")
    effective_from = models.DateField(
        "takes effect on",
        default=date.today,
        help_text="The first day the rule applies. Nothing is overdue against it before then: for a case it "
        "already covers, its clock starts on this day. Saving a change to what the rule asks moves this to today "
        "unless you choose another day.",
    )

    # Which cases
    match = models.CharField("cases covered", max_length=3, choices=Match.choices, default=Match.ALL)
    rosh_levels = models.JSONField("RoSH levels", default=list, blank=True)
    tiers = models.JSONField(default=list, blank=True)
    mappa_categories = models.JSONField("MAPPA categories", default=list, blank=True)
    mappa_levels = models.JSONField("MAPPA levels", default=list, blank=True)
    supervision_types = models.JSONField(default=list, blank=True)
    risk_flag_types = models.ManyToManyField(
        "supervision.RiskFlagType",
        blank=True,
        related_name="+",
        verbose_name="risk flags",
        help_text="Cases with an open flag of any of these types.",
    )
    hdc_curfew = models.CharField("HDC curfew", max_length=12, choices=HdcCurfew.choices, blank=True, default="")

    # When in the supervision period
    window_from_days = models.PositiveSmallIntegerField(
        "applies from day",
        default=0,
        help_text="Days after the supervision start (the release date for a licence) when the rule starts: "
        "0 is the start day itself.",
    )
    window_to_days = models.PositiveSmallIntegerField(
        "applies until day",
        null=True,
        blank=True,
        help_text="The last day of the window, counted the same way: 84 means the rule still applies on day 84 "
        "and not on day 85. Empty: to the end of supervision.",
    )
    first_due_days = models.PositiveSmallIntegerField(
        "first contact due within (days)",
        null=True,
        blank=True,
        help_text="Days from the day the rule starts to apply to a case to the first contact's due date. The "
        "rule starts to apply on the latest of: the supervision start (release for a licence), the window's "
        "first day, the day the case came to meet the rule (a case becoming High RoSH on day 200 starts then), "
        "and the day the rule takes effect. Only contacts from that day count. Empty: one period.",
    )
    stage = models.CharField(max_length=16, choices=Stage.choices, blank=True, default="")
    final_third_exception_rosh_levels = models.JSONField(
        "continues in the final third for RoSH levels", default=list, blank=True
    )
    final_third_exception_mappa = models.BooleanField("continues in the final third for MAPPA cases", default=False)
    final_third_exception_flag_types = models.ManyToManyField(
        "supervision.RiskFlagType",
        blank=True,
        related_name="+",
        verbose_name="continues in the final third for risk flags",
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=["contact_types", "risk_flag_types", "final_third_exception_flag_types"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(contacts_needed__gte=1), name="contact_rule_needs_a_contact"),
            models.CheckConstraint(
                condition=Q(every_days__isnull=True) | Q(every_days__gte=1), name="contact_rule_period_positive"
            ),
            models.CheckConstraint(
                condition=Q(every_days__isnull=False) | Q(first_due_days__isnull=False),
                name="contact_rule_has_a_period_or_first_due",
            ),
            models.CheckConstraint(
                condition=Q(first_due_days__isnull=True) | Q(first_due_days__gte=1),
                name="contact_rule_first_due_positive",
            ),
            models.CheckConstraint(
                condition=Q(window_to_days__isnull=True) | Q(window_to_days__gte=F("window_from_days")),
                name="contact_rule_window_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(every_days__isnull=True) | Q(contacts_needed__lte=F("every_days")),
                name="contact_rule_contacts_fit_the_period",
            ),
        ]

    def __str__(self):
        return self.name


class CaseContactRequirementQuerySet(models.QuerySet):
    def in_force_on(self, day):
        """Started on or before `day`, and neither its end date nor an early end on or before it."""
        return self.filter(starts_on__lte=day, ends_on__gt=day).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))


class CaseContactRequirement(ContactCounting):
    """A higher level of contact a manager sets for one case, on top of the rules, until an end date.

    In the case study: seen twice a week, once at the office and once at home (two requirements).
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="contact_requirements")
    reason = models.TextField(help_text="Why this case needs more contact than the rules require.")
    starts_on = models.DateField(
        help_text="The first day it applies. It can start before release; only contacts from the supervision "
        "start count (a home visit before release is a check of the address, not a visit to the person)."
    )
    ends_on = models.DateField(
        help_text="The first day it no longer applies (it last applies the day before): review it by then."
    )
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_on = models.DateField(
        null=True, blank=True, help_text="Ended early by a manager: the first day it no longer applies."
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_reason = models.TextField(blank=True, help_text="Why it was ended before its end date.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by one on each edit; an edit form saved from an older version is refused (caseworks.submissions).
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=["contact_types"])

    objects = CaseContactRequirementQuerySet.as_manager()

    class Meta:
        ordering = ["case", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="case_requirement_ends_after_its_first_day"
            ),
            models.CheckConstraint(condition=Q(contacts_needed__gte=1), name="case_requirement_needs_a_contact"),
            models.CheckConstraint(
                condition=Q(every_days__isnull=False) & Q(every_days__gte=1), name="case_requirement_period_positive"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | ~Q(end_reason=""), name="case_requirement_ended_with_a_reason"
            ),
            # An early end records who ended it, and nothing in force names someone who ended it.
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, ended_by__isnull=True, end_reason="")
                | Q(ended_on__isnull=False, ended_by__isnull=False),
                name="case_requirement_end_recorded_together",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="case_requirement_has_a_reason"),
            # More contacts than days in the period could never be met.
            models.CheckConstraint(
                condition=Q(contacts_needed__lte=F("every_days")), name="case_requirement_contacts_fit_the_period"
            ),
        ]

    def __str__(self):
        return f"{self.contact_description} for {self.case.crn}"

    @property
    def stops_on(self):
        """The first day it no longer applies: its end date, or the day it was ended early if sooner."""
        return min(self.ends_on, self.ended_on) if self.ended_on is not None else self.ends_on

    @property
    def last_day(self):
        """The last day it applies: the day before it stops."""
        return self.stops_on - timedelta(days=1)

    def is_in_force_on(self, day) -> bool:
        return self.starts_on <= day <= self.last_day


class OverdueFlagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class OverdueFlag(models.Model):
    """A requirement that was not met by its due date: one per case, requirement and due date.

    The partial unique constraints are what make the job safe to repeat: a second run, a retried task or
    two workers at once insert nothing new (INSERT ... ON CONFLICT DO NOTHING).
    """

    class Resolution(models.TextChoices):
        MET = "MET", "A qualifying contact was recorded"
        NO_LONGER_APPLIES = "NO_LONGER_APPLIES", "The requirement no longer applies to the case"
        DUE_DATE_CHANGED = "DUE_DATE_CHANGED", "The requirement changed and has a new due date"
        RULE_CHANGED = "RULE_CHANGED", "The rule or requirement was changed and is no longer overdue"
        CASE_CLOSED = "CASE_CLOSED", "The case was closed"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="overdue_flags")
    rule = models.ForeignKey(ContactRule, on_delete=models.PROTECT, null=True, blank=True, related_name="flags")
    case_requirement = models.ForeignKey(
        CaseContactRequirement, on_delete=models.PROTECT, null=True, blank=True, related_name="flags"
    )
    due_on = models.DateField()
    opened_on = models.DateField(help_text="The day the job first found it overdue.")
    explanation = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    officer_notified_at = models.DateTimeField(null=True, blank=True)
    line_manager_notified_at = models.DateTimeField(null=True, blank=True)
    chronic_shortfall_notified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the line manager was told of a chronic shortfall this flag completed."
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_on = models.DateField(null=True, blank=True)
    resolution = models.CharField(max_length=17, choices=Resolution.choices, blank=True)
    resolved_by_contact = models.ForeignKey(
        "supervision.Contact", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = OverdueFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rule__isnull=False, case_requirement__isnull=True)
                | Q(rule__isnull=True, case_requirement__isnull=False),
                name="overdue_flag_for_one_requirement",
            ),
            # A flag is open (nothing about its closing) or closed with when, on which day and why.
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, resolved_on__isnull=True, resolution="")
                | Q(resolved_at__isnull=False, resolved_on__isnull=False) & ~Q(resolution=""),
                name="overdue_flag_resolved_with_when_and_why",
            ),
            # Only a flag that was met names the contact that met it.
            models.CheckConstraint(
                condition=Q(resolved_by_contact__isnull=True) | Q(resolution="MET"),
                name="overdue_flag_contact_only_when_met",
            ),
            models.CheckConstraint(condition=Q(opened_on__gte=F("due_on")), name="overdue_flag_opened_after_due"),
            models.UniqueConstraint(
                fields=["case", "rule", "due_on"],
                condition=Q(resolved_at__isnull=True, rule__isnull=False),
                name="one_open_overdue_flag_per_rule_due_date",
            ),
            models.UniqueConstraint(
                fields=["case", "case_requirement", "due_on"],
                condition=Q(resolved_at__isnull=True, case_requirement__isnull=False),
                name="one_open_overdue_flag_per_case_requirement_due_date",
            ),
        ]
        indexes = [models.Index(fields=["case", "resolved_at"])]

    def __str__(self):
        return f"Overdue since {self.due_on} on {self.case_id}"

    @property
    def requirement_key(self):
        return ("rule", self.rule_id) if self.rule_id else ("case", self.case_requirement_id)
