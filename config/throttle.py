"""Login throttling for the login page and the API's token endpoint, keyed on username and address.

Both end in django.contrib.auth's `authenticate()`, so the throttle is an authentication backend
listed first (the way django-axes works): after QUALCASE_LOGIN_FAILURES failed attempts for one
username from one address within QUALCASE_LOGIN_LOCKOUT_MINUTES, it raises PermissionDenied,
which makes `authenticate()` stop before any password is checked, even the right one. A
successful login clears the count. Counts live in the "throttle" cache, a file cache under var/
that every gunicorn worker shares (a per-process memory cache would multiply the allowance).
Too many failures from one address for any usernames lock that address as well.
"""

import hashlib
import math

from django.conf import settings
from django.contrib.auth import signals, views
from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

LOCKED = _("Too many failed logins: try again in {minutes} minutes.")
ADDRESS_FACTOR = 10  # failures from one address, over all usernames, before it is locked too


def _cache():
    return caches["throttle"]


def _address(request):
    # Behind a proxy, REMOTE_ADDR is the proxy; settings decide whether to trust X-Forwarded-For.
    if request is None:
        return "-"
    if getattr(settings, "QUALCASE_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "-")


def _keys(request, username):
    name = (username or "").strip().lower()
    digest = hashlib.sha256(f"{name}\0{_address(request)}".encode()).hexdigest()
    return f"login:{digest}", f"login-address:{_address(request)}"


def _window():
    return settings.QUALCASE_LOGIN_LOCKOUT_MINUTES * 60


def is_locked(request, username) -> bool:
    user_key, address_key = _keys(request, username)
    limit = settings.QUALCASE_LOGIN_FAILURES
    counts = _cache().get_many([user_key, address_key])
    return counts.get(user_key, 0) >= limit or counts.get(address_key, 0) >= limit * ADDRESS_FACTOR


def locked_message() -> str:
    return str(LOCKED).format(minutes=math.ceil(_window() / 60))


class ThrottleBackend:
    """First in AUTHENTICATION_BACKENDS: refuses a locked username and address, else lets the next try."""

    def authenticate(self, request, username=None, **kwargs):
        if username is not None and is_locked(request, username):
            if request is not None:
                request.qualcase_login_locked = True
            raise PermissionDenied(locked_message())
        return None

    def get_user(self, user_id):
        # A session created by login(user) without naming a backend (Client.force_login, scripts)
        # records the first backend, this one: serve it as Django's ModelBackend would, or every
        # such session would read as logged out.
        return ModelBackend().get_user(user_id)


def _increment(key):
    cache = _cache()
    if not cache.add(key, 1, _window()):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, _window())


@receiver(signals.user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    if getattr(request, "qualcase_login_locked", False):
        return  # attempts while locked do not extend the lock
    username = credentials.get("username") or credentials.get("email") or ""
    for key in _keys(request, username):
        _increment(key)


@receiver(signals.user_logged_in)
def clear_failures(sender, request, user, **kwargs):
    _cache().delete(_keys(request, user.get_username())[0])


class LoginView(views.LoginView):
    """Django's login page, saying so when the throttle refused the attempt."""

    def form_invalid(self, form):
        if getattr(self.request, "qualcase_login_locked", False):
            return self.render_to_response(self.get_context_data(form=form, login_locked=locked_message()))
        return super().form_invalid(form)
