from django import forms
from django.utils.translation import gettext_lazy as _


class ProjectImportForm(forms.Form):
    file = forms.FileField(label=_("REFI-QDA project (.qdpx)"))


class ExportForm(forms.Form):
    offsets = forms.ChoiceField(
        label=_("Positions counted in"),
        choices=[
            ("codepoints", _("characters (code points), as the standard says")),
            ("utf16", _("UTF-16 units, for NVivo and QualCoder")),
        ],
        initial="codepoints",
    )
