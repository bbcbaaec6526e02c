"""Staff sign-ins in the admin: roles, names and e-mail, never privileges or passwords.

An administrator (staff, not superuser) could once tick `is_superuser` on their own account and set the Head of
Public Protection's password. Here:
- the only thing granted is a role (the role groups); `is_superuser`, model permissions and other groups are not
  on the form, and `is_staff` follows the Administrator role (case roles never reach the admin);
- the Administrator and Head of Public Protection roles are granted or removed only by a superuser; an
  administrator cannot change their own roles, nor change a superuser or a holder of either role at all (changing
  their e-mail address would be enough to take over the account);
- nobody sets a password here: "Send a set-password link" e-mails the person a link to choose their own.
Superusers are made only with `manage.py createsuperuser`.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import Group, User
from django.db.models import Q

from supervision import roles
from supervision.services.accounts import send_set_password_link


class StaffUserForm(forms.ModelForm):
    roles = forms.ModelMultipleChoiceField(
        queryset=Group.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label="Roles"
    )
    acting_user = None  # set by StaffUserAdmin.get_form for the request

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        offered = (
            roles.ALL_ROLES if self.acting_user.is_superuser else set(roles.ALL_ROLES) - set(roles.PRIVILEGED_ROLES)
        )
        self.fields["roles"].queryset = Group.objects.filter(name__in=offered).order_by("name")
        if self.instance.pk:
            self.fields["roles"].initial = list(self.instance.groups.filter(name__in=offered))
        if self.instance.pk == self.acting_user.pk and not self.acting_user.is_superuser:
            self.fields["roles"].disabled = True
            self.fields["roles"].help_text = "Another administrator changes your roles."

    def clean_roles(self):
        chosen = set(self.cleaned_data["roles"])
        if not self.instance.pk:
            return chosen
        # Groups the form did not offer stay exactly as they were: a hidden role cannot be taken away by omission.
        offered = set(self.fields["roles"].queryset)
        kept = set(self.instance.groups.all()) - offered
        return (chosen & offered) | kept

    def save(self, commit=True):
        user = super().save(commit=False)
        user.is_staff = user.is_superuser or any(
            group.name == roles.ADMINISTRATOR for group in self.cleaned_data["roles"]
        )
        if not user.pk:
            user.set_unusable_password()  # the person chooses it through the e-mailed link
        if commit:
            user.save()
            self._save_m2m()
        return user

    def _save_m2m(self):
        self.instance.groups.set(self.cleaned_data["roles"])


@admin.action(description="Send a set-password link by e-mail")
def send_set_password_links(modeladmin, request, queryset):
    sent = [user for user in queryset if send_set_password_link(user)]
    if sent:
        messages.success(request, f"Set-password link sent to {len(sent)} of {queryset.count()} selected.")
    if len(sent) < queryset.count():
        messages.warning(request, "Some selected users have no e-mail address: add one, then send the link.")


class StaffUserAdmin(admin.ModelAdmin):
    form = StaffUserForm
    fieldsets = [
        (None, {"fields": ["username", "first_name", "last_name", "email", "is_active"]}),
        ("Roles", {"fields": ["roles"]}),
        ("Sign-ins", {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    list_display = ["username", "first_name", "last_name", "email", "role_names", "is_active", "last_login"]
    list_filter = ["is_active", "groups"]
    search_fields = ["username", "first_name", "last_name", "email"]
    ordering = ["username"]
    actions = [send_set_password_links]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("groups")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(is_superuser=False)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"acting_user": request.user})

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or request.user.is_superuser or obj.pk == request.user.pk or not _is_privileged(obj)

    def response_add(self, request, obj, post_url_continue=None):
        if send_set_password_link(obj):
            messages.info(request, f"A link to choose a password was sent to {obj.email}.")
        return super().response_add(request, obj, post_url_continue)

    @admin.display(description="Roles")
    def role_names(self, user):
        return ", ".join(sorted(group.name for group in user.groups.all()))


def _is_privileged(user) -> bool:
    return user.is_superuser or user.groups.filter(Q(name__in=roles.PRIVILEGED_ROLES)).exists()


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
