"""Forms of the codebook pages: shape checks only."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from coding.codebook.selectors import tree_order
from coding.codebook.services import next_color
from coding.models import Code


class CodeTreeIterator(ModelChoiceIterator):
    """The codebook tree, depth-first and indented, instead of a flat alphabetical list."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for code in tree_order(self.queryset):
            yield self.choice(code)


class CodeTreeChoiceField(forms.ModelChoiceField):
    iterator = CodeTreeIterator

    def label_from_instance(self, obj):
        return getattr(obj, "label", obj.name)


class ProjectCodeChoice(CodeTreeChoiceField):
    def __init__(self, *, project, exclude=(), **kwargs):
        queryset = Code.objects.filter(project=project).exclude(pk__in=exclude).order_by("name", "id")
        super().__init__(queryset=queryset, **kwargs)


class CodeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    parent = CodeTreeChoiceField(queryset=Code.objects.none(), required=False, label=_("Parent code"))
    color = forms.RegexField(
        regex=r"^#[0-9a-fA-F]{6}$",
        label=_("Colour"),
        widget=forms.TextInput(attrs={"type": "color"}),
        error_messages={"invalid": _("Enter a colour as #rrggbb.")},
    )
    definition = forms.CharField(
        label=_("Definition"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    inclusion_criteria = forms.CharField(
        label=_("Inclusion criteria"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    exclusion_criteria = forms.CharField(
        label=_("Exclusion criteria"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    example = forms.CharField(label=_("Example"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Code.objects.filter(project=project).order_by("name", "id")
        # A new code starts with a colour no other code has yet (an edited code keeps its own).
        self.fields["color"].initial = next_color(project=project)


class CodeEditForm(CodeForm):
    """Without the parent (moving has its own dialog), with the version the editor started from."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["parent"]


class MoveForm(forms.Form):
    parent = CodeTreeChoiceField(
        queryset=Code.objects.none(), required=False, label=_("Move under"), empty_label=_("(top level)")
    )
    position = forms.IntegerField(
        min_value=0, required=False, label=_("Position among the siblings (0 = first; empty = last)")
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, project, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        # A code cannot go under itself or its own subcodes: those are not offered.
        self.fields["parent"].queryset = (
            Code.objects.filter(project=project).exclude(pk__in=list(exclude)).order_by("name", "id")
        )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Codebook file (CSV or JSON)"))
