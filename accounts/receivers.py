"""At login, remember the profile's interface language in the session (see middleware.py)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.middleware import SESSION_KEY
from accounts.models import Profile


@receiver(user_logged_in)
def remember_language(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    language = Profile.objects.filter(user=user).values_list("language", flat=True).first()
    if language:
        request.session[SESSION_KEY] = language
    else:
        request.session.pop(SESSION_KEY, None)
