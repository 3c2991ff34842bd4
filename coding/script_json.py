"""JSON that is safe inside a page's <script> element."""

import json

from django.utils.safestring import mark_safe

_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_for_script(data) -> str:
    """JSON safe inside <script type="application/json">, with Chinese left unescaped.

    Django's json_script escapes every non-ASCII character as \\uXXXX, tripling the size of a
    Chinese transcript; here only the characters that could end the script element are escaped.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - escaped above
