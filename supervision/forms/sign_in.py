"""Sign-in, two-factor and password forms, laid out with the GOV.UK template pack.

The sign-in form says the same thing for an unknown username and a wrong password, so it cannot be used to find
out who has an account; a locked-out sign-in gets the lockout page (django-axes) whether or not the account exists.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.template.loader import render_to_string

from caseworks.fields import GovTextField
from caseworks.forms import form_helper
from supervision.services.outbox import queue_email


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active. Ask your administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("username", field_width=Fluid.TWO_THIRDS, autocomplete="username", spellcheck="false"),
            Field.text("password", field_width=Fluid.TWO_THIRDS, autocomplete="current-password"),
            Button("submit", "Sign in"),
        )


class SecurityCodeForm(forms.Form):
    """The second factor: the 6-digit code from the authenticator app, or one of the recovery codes."""

    code = GovTextField(
        label="Security code",
        max_length=16,
        error_messages={"required": "Enter the security code"},
    )

    def __init__(self, *args, help_text="", submit="Continue", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text
        self.helper = form_helper(
            Field.text("code", field_width=10, autocomplete="one-time-code", spellcheck="false", inputmode="text"),
            submit=submit,
        )

    def clean_code(self):
        # Authenticator apps show the code in two groups ("123 456"); recovery codes are printed in lower case.
        return "".join(self.cleaned_data["code"].split()).lower()


def _password_layout(*names, submit):
    return form_helper(
        *[Field.text(name, field_width=Fluid.TWO_THIRDS, autocomplete="new-password") for name in names],
        submit=submit,
    )


class PasswordResetByEmailForm(PasswordResetForm):
    """Django's reset form, its e-mail sent through the outbox (after commit, retried if the mail server is down)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages.update(
            required="Enter your email address",
            invalid="Enter an email address in the correct format, like name@example.com",
        )
        self.helper = form_helper(
            Field.text("email", field_width=Fluid.TWO_THIRDS, autocomplete="email", spellcheck="false"),
            submit="Send the link",
        )

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        queue_email(to_email, subject, render_to_string(email_template_name, context))


class ChooseNewPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.helper = _password_layout("new_password1", "new_password2", submit="Save the password")


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.helper = _password_layout("new_password1", "new_password2", submit="Change the password")
        self.helper.layout.fields.insert(
            0, Field.text("old_password", field_width=Fluid.TWO_THIRDS, autocomplete="current-password")
        )
