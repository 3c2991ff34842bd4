from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    """Answer services' Django ValidationErrors as 400s that name the field, like serializer errors."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                field: [str(message) for message in messages] for field, messages in exc.message_dict.items()
            }
        else:
            detail = {"non_field_errors": [str(message) for message in exc.messages]}
        exc = exceptions.ValidationError(detail)
    return exception_handler(exc, context)
