"""Forms of the document pages. They check shape only; rules live in the services."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from coding.documents.importing.encodings import ENCODING_CHOICES
from coding.documents.importing.metadata import parse_date

FREE_FIELD_LINE = _("Line {number}: write each other field as “name: value”.")
DATE_INVALID = _("“{value}” is not a date we can read; write it as 2023-04-15, 2023/04/15 or 2023年4月15日.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def _case_field(project, label):
    return forms.ModelChoiceField(
        queryset=Case.objects.filter(project=project).order_by("name"),
        required=False,
        label=label,
        empty_label=_("(no case)"),
    )


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Transcript files"),
        # An empty file gets its own refusal in the results; it must not reject the whole upload.
        allow_empty_file=True,
        widget=MultipleFileInput(attrs={"accept": ".txt,.md,.markdown,.docx,.odt,.pdf"}),
        help_text=_(".txt, .md, .docx, .odt or .pdf; several at once."),
    )
    encoding = forms.ChoiceField(
        label=_("Encoding of .txt and .md files"),
        choices=[("", _("Detect automatically"))] + [(name, name) for name in ENCODING_CHOICES],
        required=False,
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"] = _case_field(project, _("Put the documents in case"))


class LenientDateField(forms.DateField):
    """A date rendered in ISO form and read in the ways Chinese teams write dates.

    `<input type=date>` accepts only yyyy-MM-dd: the localized zh-Hans format (2023/04/15) made the
    browser show it empty and post it back empty, which wiped the date on every save. The input is
    therefore always ISO, and what is typed or posted by hand goes through the same parser as
    the import headers (metadata.parse_date) rather than the locale's input formats.
    """

    widget = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        parsed = parse_date(str(value), whole=True)
        if parsed is None:
            raise forms.ValidationError(DATE_INVALID.format(value=value), code="invalid")
        return parsed


class DocumentEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    interview_id = forms.CharField(label=_("Interview ID"), max_length=100, required=False)
    interview_date = LenientDateField(label=_("Interview date"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    interviewee_role = forms.CharField(label=_("Interviewee role"), max_length=200, required=False)
    language = forms.CharField(label=_("Language"), max_length=20, required=False)
    extra_metadata = forms.CharField(
        label=_("Other metadata"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One field per line: “name: value”."),
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"] = _case_field(project, _("Case"))

    def clean_extra_metadata(self):
        fields = {}
        for number, line in enumerate(self.cleaned_data["extra_metadata"].splitlines(), start=1):
            if not line.strip():
                continue
            name, colon, value = line.replace("：", ":", 1).partition(":")
            if not colon or not name.strip():
                raise forms.ValidationError(FREE_FIELD_LINE.format(number=number))
            fields[name.strip()] = value.strip()
        return fields


def extra_metadata_as_lines(extra):
    return "\n".join(f"{name}: {value}" for name, value in (extra or {}).items())
