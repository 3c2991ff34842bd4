"""The interface language saved in a user's profile, applied over the browser's Accept-Language.

Runs after LocaleMiddleware (which picked the language from the cookie or the browser) and after
authentication. The profile's choice is copied into the session at login and on saving the profile
(receivers.py), so this costs no query. An explicit choice in the top bar (the language cookie)
still wins on that browser.
"""

from django.conf import settings
from django.utils import translation

SESSION_KEY = "profile_language"


class ProfileLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        language = session.get(SESSION_KEY) if session is not None else None
        if language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
