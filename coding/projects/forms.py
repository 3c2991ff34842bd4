"""Forms of the project pages: shape checks only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coding.models import Role


class MemberAddForm(forms.Form):
    username = forms.CharField(label=_("Username or e-mail"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.CODER)
