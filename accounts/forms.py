"""Forms of the account pages: shape checks only; the rules are in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Language, SignupPolicy
from coding.models import Role


class AccountForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    language = forms.ChoiceField(label=_("Interface language"), choices=Language.choices, required=False)


class SiteSettingsForm(forms.Form):
    signup_policy = forms.ChoiceField(label=_("Sign-up policy"), choices=SignupPolicy.choices)
    signup_domains = forms.CharField(
        label=_("Domains open to sign-up (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


INVITE_ROLES = [(value, label) for value, label in Role.choices if value != Role.OWNER]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail (leave empty to make a link to hand over)"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=INVITE_ROLES, initial=Role.CODER)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=90, initial=7)
