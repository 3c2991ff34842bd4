"""How the API answers errors: services' ValidationErrors as 400s naming the field, oversized
numbers as 404, and anything unexpected as a JSON 500 whose error id is also in the log."""

import logging
import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

logger = logging.getLogger("qualcase.api")

SERVER_ERROR = _("Something went wrong on the server; the error has been logged as {error_id}.")


def _number_out_of_range(exc) -> bool:
    # SQLite's driver raises OverflowError for an integer past 64 bits; PostgreSQL answers with
    # a DataError ("out of range for type bigint"). Either way the number names nothing stored.
    return isinstance(exc, OverflowError) or (isinstance(exc, DataError) and "out of range" in str(exc))


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                field: [str(message) for message in messages] for field, messages in exc.message_dict.items()
            }
        else:
            detail = {"non_field_errors": [str(message) for message in exc.messages]}
        exc = exceptions.ValidationError(detail)
    elif _number_out_of_range(exc):
        exc = exceptions.NotFound()
    if getattr(context.get("request"), "qualcase_login_locked", False):
        # The token endpoint's attempt was refused by the login throttle (config/throttle.py).
        from config.throttle import locked_message

        exc = exceptions.Throttled(detail=locked_message())
    response = exception_handler(exc, context)
    if response is not None:
        return response
    # Unexpected: log it with an id the client is shown, so that a report can be matched to it.
    error_id = uuid.uuid4().hex[:12]
    request = context.get("request")
    logger.error(
        "API error %s: %s %s",
        error_id,
        getattr(request, "method", "?"),
        getattr(request, "path", "?"),
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    set_rollback()
    return Response(
        {"detail": str(SERVER_ERROR).format(error_id=error_id), "error_id": error_id},
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
