"""What one imported file may cost, whatever it claims: text kept, XML read, elements held at once.

The figures bound time and memory of the import (a gunicorn worker is killed at 120 s), so that a
hostile file is refused early and cheaply, while real transcripts stay far below them: a
1,000-page Word transcript holds about 2 million characters in 10–20 MB of XML, a paragraph or a
table a few thousand elements.
"""

from dataclasses import dataclass

from coding.documents.importing.refusal import Refused

MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    # A UTF-8 file at the 20 MB upload limit holds at most 20 million characters.
    max_characters: int = 20_000_000
    # One XML part (word/document.xml, content.xml), as inflated; more is refused as it streams in.
    max_xml_bytes: int = 40 * MEGABYTE
    # Elements parsed but not yet turned into text (one paragraph or table, mostly). Their tree
    # takes about 280 bytes an element, so 100,000 of them about 28 MB; a Word table of 1,000
    # rows and 5 columns has some 40,000.
    max_pending_elements: int = 100_000
    # Speaker turns stored for one document; a 19 MB interview transcript has about 65,000.
    max_turns: int = 200_000

    def xml_too_large(self) -> Refused:
        return Refused(Refused.XML_TOO_LARGE, limit=f"{self.max_xml_bytes / MEGABYTE:g}")


DEFAULT_LIMITS = Limits()


class TextBudget:
    """Counts the characters an extractor keeps; refuses the file the moment they pass the limit."""

    def __init__(self, limit: int):
        self.limit = limit
        self.used = 0

    @property
    def remaining(self) -> int:
        return self.limit - self.used

    def take(self, count: int) -> None:
        self.used += count
        if self.used > self.limit:
            raise Refused(Refused.TOO_MUCH_TEXT, limit=f"{self.limit:,}")
