"""How people are named on pages and in the API: their display name where one is kept, else the
username.

Display names live in accounts' profiles, an app above coding, so coding cannot import them. The
app that keeps them says, once at start-up (AccountsConfig.ready), the lookup path from a user to
the name; coding then reads the name in the same query as the user (one LEFT JOIN), never one
query per member. Without such an app every name is the username.
"""

from django.contrib.auth import get_user_model
from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, NullIf, Trim

_display_name_path = None


def use_display_names(path: str) -> None:
    """Called by the app that keeps display names: `path` leads from a user to the name."""
    global _display_name_path
    _display_name_path = path


def display_name(prefix: str = ""):
    """An expression for the name of the user at `prefix` ("" on users, "coder__" on codings…)."""
    username = F(f"{prefix}username")
    if _display_name_path is None:
        return username
    name = NullIf(Trim(F(f"{prefix}{_display_name_path}")), Value(""))
    return Coalesce(name, username, output_field=CharField())


def display_name_of(user) -> str:
    """One user's name, for answers about a single object (one query when names are kept)."""
    if user is None:
        return ""
    if _display_name_path is None:
        return user.get_username()
    name = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(shown=display_name())
        .values_list("shown", flat=True)
        .first()
    )
    return name or user.get_username()
