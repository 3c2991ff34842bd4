"""The SECRET_KEY when the environment gives none: generated once into var/ and kept there.

A key written in the source is public, and with it anyone can forge sessions and password-reset
links. Each installation gets its own random key instead, readable only by its owner; setting
SECRET_KEY in the environment still wins (several hosts must share one key).
"""

import os
import secrets
from pathlib import Path


def load_or_create(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(secrets.token_urlsafe(50))
    try:
        # link() fails if the file exists: when several workers start at once, the first one wins
        # and every one of them reads the same key back.
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return path.read_text(encoding="ascii").strip()
