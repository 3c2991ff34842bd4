"""``python -m analysis.qca``: see ``cli.py`` and ``docs/qca.md``."""

import sys

from .cli import main

sys.exit(main())
