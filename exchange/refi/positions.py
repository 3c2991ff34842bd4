"""Where a REFI selection really starts and ends, whatever its producer counted.

The standard counts code points; NVivo and QualCoder count UTF-16 units (Qt's, Windows'), NVivo
for Windows counts CRLF as two and skips the BOM, ATLAS.ti counts CRLF as one (DIGEST §4). A
*position model* is one such reading: unit × CRLF width × BOM counted or not. We start from the
model the file's `origin` suggests, check it against the text (the quote a selection carries in
`name`, else whether its ends fall on word boundaries), and fall back to the model that scores
best. Results are code points over the stored text: NFC, `\\n` line endings, no BOM.
"""

import bisect
import codecs
import unicodedata
from dataclasses import dataclass

from exchange.refi.model import Problem

BOM = "\ufeff"
ELLIPSES = ("…", "...")


@dataclass(frozen=True)
class PositionModel:
    unit: str  # "cp" (code points) or "utf16"
    crlf: int  # how many positions one "\r\n" takes: 1 or 2
    bom_counted: bool

    @property
    def name(self):
        bom = "bom-counted" if self.bom_counted else "bom-skipped"
        return f"{self.unit}/crlf{self.crlf}/{bom}"


CODE_POINTS = PositionModel("cp", 2, False)
ALL_MODELS = [
    PositionModel(unit, crlf, bom) for unit in ("cp", "utf16") for crlf in (2, 1) for bom in (False, True)
]


def model_for_origin(origin: str) -> PositionModel:
    origin = (origin or "").strip().lower()
    if origin.startswith("nvivo"):
        return PositionModel("utf16", 2, False)
    if origin.startswith("qualcoder"):
        return PositionModel("utf16", 1, False)
    if origin.startswith("atlas"):
        return PositionModel("cp", 1, False)
    # The standard's own reading: code points of the file as it is (a CRLF is two of them).
    return CODE_POINTS


# --- decoding ---------------------------------------------------------------------------------


def decode_text(data: bytes) -> str | None:
    """The text of a source file, keeping a leading BOM as U+FEFF (a model may count it).

    UTF-8 is what the standard asks for; UTF-16 (with or without a mark) and GB18030 are what
    Windows tools and Chinese users produce anyway. None when nothing decodes cleanly.
    """
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8"]
    elif data.startswith(codecs.BOM_UTF16_LE):
        encodings = ["utf-16-le"]
    elif data.startswith(codecs.BOM_UTF16_BE):
        encodings = ["utf-16-be"]
    else:
        encodings = ["utf-8"]
        sample = data[:4096]
        if len(sample) >= 4:
            # UTF-16 without a mark: ASCII-range characters leave NULs in every other byte.
            even = sample[0::2].count(0) / (len(sample) / 2)
            odd = sample[1::2].count(0) / (len(sample) / 2)
            if odd > 0.3 and even < 0.05:
                encodings = ["utf-16-le"]
            elif even > 0.3 and odd < 0.05:
                encodings = ["utf-16-be"]
        encodings.append("gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


# --- raw index -> stored index -------------------------------------------------------------------


class StoredText:
    """The stored form of a raw text, and the map from raw code point indexes into it."""

    def __init__(self, raw: str):
        self.raw = raw
        removed = []  # raw indexes of characters dropped: the BOM, the \r of each \r\n
        if raw.startswith(BOM):
            removed.append(0)
        index = raw.find("\r\n")
        while index != -1:
            removed.append(index)
            index = raw.find("\r\n", index + 2)
        self.removed = removed
        plain = raw[1:] if raw.startswith(BOM) else raw
        plain = plain.replace("\r\n", "\n").replace("\r", "\n")
        self.nfc_changes = not unicodedata.is_normalized("NFC", plain)
        self.plain = plain
        self.text = unicodedata.normalize("NFC", plain) if self.nfc_changes else plain

    def plain_index(self, raw_index: int) -> int:
        return raw_index - bisect.bisect_left(self.removed, raw_index)

    def stored_indexes(self, raw_indexes):
        """Stored indexes for raw ones (a list, in any order)."""
        plain = [self.plain_index(index) for index in raw_indexes]
        if not self.nfc_changes:
            return plain
        # NFC only merges a character with the marks after it, so normalising the pieces between
        # sorted boundaries gives the prefix lengths (a boundary inside a combining sequence lands
        # at the nearest end of it, which is the best anyone can do).
        boundaries = sorted(set(plain))
        lengths, done, previous = {}, 0, 0
        for boundary in boundaries:
            done += len(unicodedata.normalize("NFC", self.plain[previous:boundary]))
            lengths[boundary] = done
            previous = boundary
        return [lengths[index] for index in plain]


# --- model offset -> raw index ------------------------------------------------------------------


class ModelMap:
    """Maps offsets counted under one position model to raw code point indexes.

    Only irregular characters (BOM, \\r of a CRLF, characters outside the BMP) count differently
    between models, so we keep just those: a text with none of them maps by identity.
    """

    def __init__(self, raw: str, model: PositionModel):
        widths = []  # (raw index, width under the model)
        if raw.startswith(BOM) and not model.bom_counted:
            widths.append((0, 0))
        if model.crlf == 1:
            index = raw.find("\r\n")
            while index != -1:
                widths.append((index, 0))
                index = raw.find("\r\n", index + 2)
        if model.unit == "utf16":
            widths.extend((index, 2) for index, char in enumerate(raw) if ord(char) > 0xFFFF)
        widths.sort()
        # deltas[k]: how much the first k irregular characters shift model offsets from raw ones.
        self.starts, self.ends, self.deltas, delta = [], [], [0], 0
        for index, width in widths:
            start = index + delta
            self.starts.append(start)
            self.ends.append(start + width)
            delta += width - 1
            self.deltas.append(delta)
        self.length = len(raw) + delta

    def raw_index(self, offset: int) -> int | None:
        """The raw index at a model offset; None inside a surrogate pair or out of range."""
        if offset < 0 or offset > self.length:
            return None
        passed = bisect.bisect_right(self.ends, offset)
        if passed < len(self.starts) and self.starts[passed] < offset:
            return None  # strictly inside a two-unit character
        return offset - self.deltas[passed]


def _has_astral(text):
    return any(ord(char) > 0xFFFF for char in text)


def candidate_models(raw: str, preferred: PositionModel):
    """The models that read this text differently from each other, the preferred one first."""
    has_crlf = "\r\n" in raw
    has_bom = raw.startswith(BOM)
    astral = _has_astral(raw)
    seen, out = set(), []
    for model in [preferred, *ALL_MODELS]:
        key = (
            model.unit if astral else "-",
            model.crlf if has_crlf else "-",
            model.bom_counted if has_bom else "-",
        )
        if key not in seen:
            seen.add(key)
            out.append(model)
    return out


# --- checking a reading -----------------------------------------------------------------------


def _squash(text):
    return " ".join(unicodedata.normalize("NFC", text.replace("\r\n", "\n")).split())


def quote_matches(name: str, passage: str) -> bool:
    """Does the selection's name quote the passage? ATLAS.ti shortens long quotes with an ellipsis."""
    quote, passage = _squash(name), _squash(passage)
    if not quote:
        return False
    if quote == passage:
        return True
    for ellipsis in ELLIPSES:
        if quote.endswith(ellipsis):
            head = quote[: -len(ellipsis)].rstrip()
            return bool(head) and passage.startswith(head)
    return False


def _word_char(char):
    # CJK has no spaces: any position between two ideographs may be a word boundary, so only
    # letters and digits of alphabetic scripts count as "inside a word".
    return char.isalnum() and ord(char) < 0x2E80


def _boundary(text, index):
    if index <= 0 or index >= len(text):
        return True
    return not (_word_char(text[index - 1]) and _word_char(text[index]))


@dataclass
class Reading:
    model: PositionModel
    spans: list  # per selection: (start, end) in stored code points, or None when unplaceable
    score: float
    quoted: list  # per selection: True/False when it has a quote, None otherwise


def read_with(stored: StoredText, model: PositionModel, selections) -> Reading:
    mapper = ModelMap(stored.raw, model)
    raw_pairs, valid = [], []
    for selection in selections:
        start = mapper.raw_index(selection.start)
        end = mapper.raw_index(selection.end) if selection.end > selection.start else None
        ok = start is not None and end is not None
        valid.append(ok)
        raw_pairs.extend([start or 0, end or 0])
    stored_indexes = stored.stored_indexes(raw_pairs)
    text = stored.text
    spans, quoted, score = [], [], 0.0
    for position, selection in enumerate(selections):
        if not valid[position]:
            spans.append(None)
            quoted.append(None)
            continue
        start, end = stored_indexes[2 * position], stored_indexes[2 * position + 1]
        if start >= end:
            spans.append(None)
            quoted.append(None)
            continue
        spans.append((start, end))
        if selection.name and selection.name.strip():
            match = quote_matches(selection.name, text[start:end])
            quoted.append(match)
            score += 1.0 if match else 0.0
        else:
            quoted.append(None)
            score += (_boundary(text, start) + _boundary(text, end)) / 2
    return Reading(model, spans, score, quoted)


def place_selections(raw: str, selections, preferred: PositionModel, *, where=""):
    """Place every selection of one source; returns (stored text, chosen model name, problems).

    Each selection gets `start`/`end` in stored code points and `model`; a selection that fits no
    model is reported and dropped from the list, one whose end runs past the text is clamped and
    reported, one whose quote matches under another model than the source's takes that model.
    """
    stored = StoredText(raw)
    problems = []
    if not selections:
        return stored.text, preferred.name, problems
    models = candidate_models(raw, preferred)
    first = read_with(stored, models[0], selections)
    readings = [first]
    perfect = all(span is not None for span in first.spans) and all(q is not False for q in first.quoted)
    # With no quotes to check, word boundaries decide only when the preferred model misreads some.
    if not perfect or (len(models) > 1 and first.score < len(selections)):
        readings.extend(read_with(stored, model, selections) for model in models[1:])
    best = max(readings, key=lambda reading: (reading.score, reading is first))
    text_length = len(stored.text)
    placed = []
    for position, selection in enumerate(selections):
        span, model = best.spans[position], best.model
        if best.quoted[position] is False or span is None:
            # This one alone may have been written in another unit (a hand-edited file, a merge).
            for reading in readings:
                if reading.quoted[position] or (span is None and reading.spans[position] is not None):
                    span, model = reading.spans[position], reading.model
                    if reading.quoted[position]:
                        break
        if span is None:
            # Out of range under every model: clamp what can be clamped, report the rest.
            start = min(selection.start, text_length)
            end = min(selection.end, text_length)
            if start < end and selection.start < text_length:
                span = (start, end)
                problems.append(
                    Problem(
                        "selection_clamped",
                        where,
                        {"guid": selection.guid, "start": selection.start, "end": selection.end},
                    )
                )
            else:
                problems.append(
                    Problem(
                        "selection_unplaceable",
                        where,
                        {"guid": selection.guid, "start": selection.start, "end": selection.end},
                    )
                )
                continue
        elif best.quoted[position] is False and not any(reading.quoted[position] for reading in readings):
            problems.append(
                Problem("selection_quote_mismatch", where, {"guid": selection.guid, "quote": selection.name})
            )
        selection.start, selection.end = span
        selection.model = model.name
        placed.append(selection)
    selections[:] = placed
    return stored.text, best.model.name, problems


# --- export ------------------------------------------------------------------------------------


def to_utf16(text: str, offsets):
    """UTF-16 offsets for code point offsets over `text` (for NVivo and QualCoder users)."""
    if not _has_astral(text):
        return list(offsets)
    astral = [index for index, char in enumerate(text) if ord(char) > 0xFFFF]
    return [offset + bisect.bisect_left(astral, offset) for offset in offsets]
