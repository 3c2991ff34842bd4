"""Shapes of the agreement API: the scope (from query parameters) and a resolve request."""

from rest_framework import serializers

from analysis.agreement import errors
from analysis.agreement.models import ConsensusCoding
from analysis.agreement.selectors import Scope
from coding.models import Code, Coding, Document, Membership
from config.api import ProjectScopedRelatedField
from config.validation import field_error


def _ids(params, name):
    """Ids given repeated (?x=1&x=2) or comma-separated (?x=1,2); bad ones are refused by name."""
    out = []
    for raw in params.getlist(name) if hasattr(params, "getlist") else params.get(name, []):
        for part in str(raw).split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit():
                raise field_error(name, serializers.IntegerField.default_error_messages["invalid"])
            out.append(int(part))
    return out


def _flag(params, name):
    return str(params.get(name, "")).lower() in ("1", "true", "on", "yes")


def scope_from_params(params, *, project) -> Scope:
    """The scope of an agreement table from query parameters; unknown coders are refused."""
    coder_ids = list(dict.fromkeys(_ids(params, "coder")))
    members = set(
        Membership.objects.filter(project=project, user_id__in=coder_ids).values_list("user_id", flat=True)
    )
    coder_ids = [c for c in coder_ids if c in members]
    if len(coder_ids) < 2:
        raise field_error("coder", errors.TWO_CODERS)
    try:
        threshold = float(params.get("threshold") or 0.9)
    except ValueError:
        raise field_error("threshold", errors.BAD_THRESHOLD) from None
    if threshold > 1 and threshold <= 100:
        threshold = threshold / 100  # "90" means 90 %
    if not 0 <= threshold <= 1:
        raise field_error("threshold", errors.BAD_THRESHOLD)
    documents = _ids(params, "document") or None
    cases = _ids(params, "case") or None
    subtree_codes = set(_ids(params, "subtree_code")) if "subtree_code" in params else None
    return Scope(
        coder_ids=coder_ids,
        document_ids=documents,
        case_ids=cases,
        code_ids=_ids(params, "code"),
        subtree=_flag(params, "subtree"),
        subtree_codes=subtree_codes,
        threshold=threshold,
    )


class ResolveInput(serializers.Serializer):
    document = ProjectScopedRelatedField(
        kind="document", queryset=Document.objects.all(), help_text="The document resolved."
    )
    action = serializers.ChoiceField(choices=ConsensusCoding.Action.choices)
    coding_a = serializers.PrimaryKeyRelatedField(
        queryset=Coding.objects.none(), required=False, allow_null=True
    )
    coding_b = serializers.PrimaryKeyRelatedField(
        queryset=Coding.objects.none(), required=False, allow_null=True
    )
    code = ProjectScopedRelatedField(
        kind="code", queryset=Code.objects.all(), required=False, allow_null=True
    )
    start = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    end = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    memo = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        project = self.context.get("project")
        # Codings of other projects read as nonexistent.
        scoped = Coding.objects.filter(document__project=project) if project else Coding.objects.none()
        self.fields["coding_a"].queryset = scoped
        self.fields["coding_b"].queryset = scoped


class ConsensusOutput(serializers.ModelSerializer):
    class Meta:
        model = Coding
        fields = ["id", "document", "code", "coder", "start", "end", "quote", "memo"]
