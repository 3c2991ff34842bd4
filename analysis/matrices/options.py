"""Checking the query parameters of matrices and exports, shared by the pages and the API.

Each `check_*` returns keyword arguments for a selector, or raises django's ValidationError naming
the parameter, which the API answers as 400 and the pages show above the form.
"""

from django.core.exceptions import ValidationError

from analysis.matrices import errors
from analysis.matrices import selectors as matrices

TRUE_FLAGS = {"1", "true", "yes", "on"}
FALSE_FLAGS = {"0", "false", "no", "off", ""}
MAX_CONTEXT = 2000
DEFAULT_CONTEXT = 100


def _error(field, message):
    return ValidationError({field: [message]})


def _choice(params, field, choices, default, message):
    value = params.get(field) or default
    if value not in choices:
        raise _error(field, message.format(value=value, choices=", ".join(choices)))
    return value


def check_flag(params, field):
    value = (params.get(field) or "").strip().lower()
    if value in TRUE_FLAGS:
        return True
    if value in FALSE_FLAGS:
        return False
    raise _error(field, errors.BAD_FLAG.format(value=params.get(field)))


def check_ids(params, field):
    """Ids given as repeated parameters (?coder=3&coder=5) or comma-separated (?coder=3,5)."""
    ids = []
    for raw in params.getlist(field) if hasattr(params, "getlist") else [params.get(field) or ""]:
        for part in str(raw).split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isascii() or not part.isdigit():
                raise _error(field, errors.NOT_AN_ID.format(value=part))
            ids.append(int(part))
    return ids or None


def _common(params):
    return {
        "subtree": check_flag(params, "subtree"),
        "coder_ids": check_ids(params, "coder"),
        "code_ids": check_ids(params, "code"),
    }


def check_code_matrix(params):
    measure = _choice(params, "measure", matrices.MEASURES, matrices.COUNT, errors.UNKNOWN_MEASURE)
    return {"measure": measure, **_common(params)}


def check_distance(params):
    raw = (params.get("distance") or "0").strip()
    if not raw.isascii() or not raw.isdigit():
        raise _error("distance", errors.BAD_DISTANCE.format(value=raw))
    return int(raw)


def check_cooccurrence(params):
    measure = _choice(
        params, "measure", matrices.COOCCURRENCE_MEASURES, matrices.COUNT, errors.UNKNOWN_MEASURE
    )
    mode = _choice(params, "mode", matrices.COOCCURRENCE_MODES, matrices.OVERLAP, errors.UNKNOWN_MODE)
    return {"measure": measure, "mode": mode, "distance": check_distance(params), **_common(params)}


def check_code_attribute(params, *, project):
    measure = _choice(params, "measure", matrices.CROSSTAB_MEASURES, matrices.COUNT, errors.UNKNOWN_MEASURE)
    attribute = check_attribute(params, project=project, required=True)
    return {"measure": measure, "attribute": attribute, **_common(params)}


def check_attribute(params, *, project, required):
    ids = check_ids(params, "attribute")
    if not ids:
        if required:
            raise _error("attribute", errors.ATTRIBUTE_REQUIRED)
        return None
    attribute = matrices.attribute_for(project=project, attribute_id=ids[0])
    if attribute is None:
        raise _error("attribute", errors.NO_SUCH_ATTRIBUTE.format(value=ids[0]))
    return attribute


def check_context(params):
    raw = (params.get("context") or str(DEFAULT_CONTEXT)).strip()
    if not raw.isascii() or not raw.isdigit() or int(raw) > MAX_CONTEXT:
        raise _error("context", errors.BAD_CONTEXT.format(value=raw, limit=MAX_CONTEXT))
    return int(raw)
