"""Forms of the document pages. They check shape only; rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from coding.documents.importing.encodings import ENCODING_CHOICES

FREE_FIELD_LINE = _("Line {number}: write each other field as “name: value”.")


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


class DocumentEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    interview_id = forms.CharField(label=_("Interview ID"), max_length=100, required=False)
    interview_date = forms.DateField(
        label=_("Interview date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
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
