"""The access helpers raise DRF's PermissionDenied, which plain Django views would turn into a 500;
pages wrapped here answer 403 with the same message instead.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions


def page(view):
    """login_required, plus 403 for members whose role is too low."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except exceptions.PermissionDenied as exc:
            raise PermissionDenied(str(exc.detail)) from None

    return login_required(wrapper)


def posted_id(value):
    """An object id sent by a page's form; anything else is a page that does not exist (404)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def show_refusal(request, exc):
    """Show a service's ValidationError on the next page drawn, as one error message."""
    messages.error(request, " ".join(str(message) for message in exc.messages))
