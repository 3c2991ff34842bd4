"""Who may administer the site: active superusers (made by the first-run page or createsuperuser)."""

from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from accounts import errors


def is_site_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def check_site_admin(user):
    if not is_site_admin(user):
        raise PermissionDenied(errors.NOT_SITE_ADMIN)


class IsSiteAdmin(BasePermission):
    message = errors.NOT_SITE_ADMIN

    def has_permission(self, request, view):
        return is_site_admin(request.user)
