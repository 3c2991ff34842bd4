"""The API schema tells the truth about errors too: every operation documents its 4xx and 500.

A drf-spectacular postprocessing hook adds, to every operation that does not declare them itself,
the error answers the API's plumbing gives (config/exceptions.py): 400 with messages per field,
401/403/404 with a `detail`, 429 when throttled, 500 with `detail` and `error_id`; 409 where a stale
version is refused (PATCH of a code).
"""

ERROR = {
    "type": "object",
    "description": "An error: `detail` for the whole request, or a list of messages per field.",
    "properties": {
        "detail": {"type": "string"},
        "error_id": {"type": "string", "description": "Only on 500: the id under which it was logged."},
    },
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
# 409 on a stale save of a code: the message and the code as it is now (coding/codebook/api.py).
CONFLICT = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "current": {"$ref": "#/components/schemas/CodeOutput"},
    },
    "required": ["detail", "current"],
}
ANSWERS = {
    "400": "The request was refused: the messages say what is wrong (nothing was changed).",
    "401": "No valid credentials were sent.",
    "403": "Your role in the project does not allow this.",
    "404": "No such object, or it is not in a project you belong to.",
    "429": "Too many requests (failed logins): try again later.",
    "500": "An unexpected error; it was logged under the error id given.",
}


def document_errors(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    result["components"]["schemas"]["Conflict"] = CONFLICT
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            codes = ["400", "401", "403", "404", "500"]
            if path.endswith("/auth/token/"):
                codes.append("429")
            if method == "patch" and "/codes/{id}/" in path:
                codes.append("409")
            for code in codes:
                description = ANSWERS.get(code, "Someone saved a newer version in between.")
                content = reference
                if code == "409":
                    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Conflict"}}}
                responses.setdefault(code, {"description": description, "content": content})
    return result
