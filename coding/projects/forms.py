"""Forms of the project pages: shape checks only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coding.models import Role


class MemberAddForm(forms.Form):
    username = forms.CharField(label=_("Username or e-mail"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.CODER)


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProjectDeleteForm(forms.Form):
    confirm_name = forms.CharField(
        label=_("Type the project's name to confirm"), max_length=200, required=False
    )


class CopyCodebookForm(forms.Form):
    name = forms.CharField(label=_("Name of the new project"), max_length=200)
