"""The access helpers raise DRF's PermissionDenied, which plain Django views would turn into a 500;
pages wrapped here answer 403 with the same message instead.
"""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
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
