"""The roles, held as Django groups. The names are what administrators see in the admin."""

RESPONSIBLE_OFFICER = "Responsible officer"
LINE_MANAGER = "Line manager"
HEAD_OF_PUBLIC_PROTECTION = "Head of Public Protection"
ADMINISTRATOR = "Administrator"
# Reads the audit of who saw and changed which case, nationally; no case pages and no case edits.
AUDITOR = "Auditor"
# The MAPPA unit's seat for a PDU or a region (mappa.models.MappaCoordinator says which): reads the MAPPA
# referrals sent to the unit for that area and records the unit's decisions. No case pages.
MAPPA_COORDINATOR = "MAPPA co-ordinator"

CASE_ROLES = (RESPONSIBLE_OFFICER, LINE_MANAGER, HEAD_OF_PUBLIC_PROTECTION)
ALL_ROLES = (*CASE_ROLES, ADMINISTRATOR, AUDITOR, MAPPA_COORDINATOR)
# Roles only a superuser may grant or take away: an administrator could otherwise make themself, or an
# accomplice, the Head of Public Protection and read every victim record in the region.
# An auditor reads who looked at every case in the country: the same care. A MAPPA co-ordinator reads every
# MAPPA referral of a PDU or region (the highest-risk cases, with their victims) and sets MAPPA levels.
PRIVILEGED_ROLES = (ADMINISTRATOR, HEAD_OF_PUBLIC_PROTECTION, AUDITOR, MAPPA_COORDINATOR)
# Roles that sign in with a second factor: they see beyond one caseload, or configure the service.
TWO_FACTOR_ROLES = (LINE_MANAGER, HEAD_OF_PUBLIC_PROTECTION, ADMINISTRATOR, AUDITOR, MAPPA_COORDINATOR)


def roles_of(user) -> frozenset[str]:
    """The user's role names, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_caseworks_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._caseworks_roles = cached
    return cached


def has_role(user, *names: str) -> bool:
    return bool(roles_of(user) & set(names))


def needs_two_factor(user) -> bool:
    """Line managers, Heads of Public Protection, MAPPA co-ordinators, administrators, auditors, and anyone who
    can reach the admin site."""
    return user.is_staff or user.is_superuser or has_role(user, *TWO_FACTOR_ROLES)


def may_use_admin(user) -> bool:
    """The admin is for configuration: administrators and superusers only, whatever `is_staff` says."""
    return user.is_active and (user.is_superuser or (user.is_staff and has_role(user, ADMINISTRATOR)))


# Model permissions each role's group holds. Case pages check roles and team scope (permissions.py);
# these decide what each role may do in the admin. Administrators configure reference data, staff and
# schedules, and unlock sign-ins; they hold no permission on case records. Case roles hold no model
# permission at all: they work through the case pages, which keep the history and check the rules, and the
# admin would bypass both. Apps built on supervision add their models with `register_models` from their
# AppConfig.ready(); case records are listed so that the admin can refuse edits to them (admin/case_records.py).
REFERENCE_DATA_MODELS = [
    "supervision.contacttype",
    "supervision.riskflagtype",
    "supervision.licenceconditiontype",
    "supervision.region",
    "supervision.pdu",
    "supervision.team",
    "supervision.staffprofile",
    "supervision.bankholiday",
    "supervision.contactrule",
    "supervision.enforcementpolicy",
    "auth.user",
    "django_celery_beat.periodictask",
    "django_celery_beat.intervalschedule",
    "django_celery_beat.crontabschedule",
    "django_celery_beat.clockedschedule",
    "django_celery_beat.solarschedule",
]
CASE_RECORD_MODELS = [
    "supervision.case",
    "supervision.keyindividual",
    "supervision.riskflag",
    "supervision.licencecondition",
    "supervision.contact",
    "supervision.contactamendment",
    "supervision.caseallocation",
    "supervision.casechange",
    "supervision.caseaddress",
    "supervision.allegation",
    "supervision.allegationevent",
    "supervision.allegationfinding",
    "supervision.allegationaccount",
    "supervision.verificationstep",
    "supervision.policeintelligence",
    "supervision.enforcementdecision",
    "supervision.recall",
    "supervision.recallevent",
    "supervision.absencedecisionflag",
]


def register_models(*, reference_data: list[str] = (), case_records: list[str] = ()) -> None:
    REFERENCE_DATA_MODELS.extend(model for model in reference_data if model not in REFERENCE_DATA_MODELS)
    CASE_RECORD_MODELS.extend(model for model in case_records if model not in CASE_RECORD_MODELS)


def role_permissions() -> dict[str, dict[str, tuple[str, ...]]]:
    """Each role's model permissions, from the models registered by the time migrations finish."""
    return {
        ADMINISTRATOR: {
            **dict.fromkeys(REFERENCE_DATA_MODELS, ("view", "add", "change")),
            # Unlocking a locked-out sign-in is deleting its access attempts (django-axes).
            "axes.accessattempt": ("view", "delete"),
            "axes.accessfailurelog": ("view",),
        },
        RESPONSIBLE_OFFICER: {},
        LINE_MANAGER: {},
        HEAD_OF_PUBLIC_PROTECTION: {},
        AUDITOR: {},
        MAPPA_COORDINATOR: {},
    }


def ensure_role_groups(**kwargs) -> None:
    """Give each role's group exactly its permissions, taking away any others (a permission added by hand, or
    one an older release granted). Runs after every migrate; safe to repeat."""
    from django.contrib.auth.models import Group, Permission

    for role, models in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for model, actions in models.items():
            app_label, model_name = model.split(".")
            wanted += [(app_label, f"{action}_{model_name}") for action in actions]
        permissions = Permission.objects.filter(
            content_type__app_label__in={app for app, _ in wanted}, codename__in={code for _, code in wanted}
        ).select_related("content_type")
        group.permissions.set([p for p in permissions if (p.content_type.app_label, p.codename) in wanted])
