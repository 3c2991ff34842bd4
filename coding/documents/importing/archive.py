"""Zip archives (.docx, .odt, .xlsx) read with a running byte budget, never trusting their headers.

A zip member's headers declare its inflated size, but nothing binds the deflate stream to it:
a member declared as 1 MB may inflate to a gigabyte. zipfile's `read()` hands the whole
compressed member to zlib at once and only then cuts the output to the declared size, so the
gigabyte is in memory before anything can refuse it. Here we inflate the raw stream ourselves, a
bounded slice at a time, count what actually comes out, and stop at the first byte over the budget
or over the declared size.
"""

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator

from coding.documents.importing.refusal import Refused

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 5000
CHUNK = 256 * 1024  # inflated bytes per step: the most one step holds in memory
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")


class ZipParts:
    """The members of an untrusted zip archive, inflated on demand within a budget."""

    def __init__(self, data: bytes, *, max_uncompressed=MAX_UNCOMPRESSED_BYTES):
        self.data = memoryview(data)
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                entries = archive.infolist()
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, struct.error):
            raise Refused(Refused.CORRUPT) from None
        if len(entries) > MAX_ENTRIES:
            raise Refused(Refused.HOSTILE_ARCHIVE)
        # Declared sizes can only lie downwards to get past us, so refusing on them is safe and free.
        total = sum(entry.file_size for entry in entries)
        compressed = sum(entry.compress_size for entry in entries) or 1
        if total > max_uncompressed or (total > 10 * 1024 * 1024 and total / compressed > MAX_RATIO):
            raise Refused(Refused.HOSTILE_ARCHIVE)
        self.entries = {entry.filename: entry for entry in entries if not entry.is_dir()}
        self.remaining = max_uncompressed

    def __contains__(self, name):
        return name in self.entries

    def _raw(self, entry) -> memoryview:
        start = entry.header_offset
        try:
            fields = _LOCAL_HEADER.unpack_from(self.data, start)
        except struct.error:
            raise Refused(Refused.CORRUPT) from None
        if fields[0] != b"PK\x03\x04":
            raise Refused(Refused.CORRUPT)
        begin = start + _LOCAL_HEADER.size + fields[10] + fields[11]
        raw = self.data[begin : begin + entry.compress_size]
        if len(raw) != entry.compress_size:
            raise Refused(Refused.CORRUPT)
        return raw

    def stream(self, name: str, *, limit: int, too_large: Refused | None = None) -> Iterator[bytes]:
        """The member's inflated bytes in slices of at most CHUNK; `too_large` (by default
        HOSTILE_ARCHIVE) once more than `limit` bytes come out, HOSTILE_ARCHIVE once more than the
        archive's budget or the declared size does, CORRUPT for a damaged, encrypted or unusually
        compressed member."""
        entry = self.entries.get(name)
        if entry is None:
            raise Refused(Refused.CORRUPT)
        if entry.flag_bits & 0x1:
            raise Refused(Refused.CORRUPT)
        raw = self._raw(entry)
        if entry.compress_type == zipfile.ZIP_STORED:
            pieces = (bytes(raw[i : i + CHUNK]) for i in range(0, len(raw), CHUNK))
        elif entry.compress_type == zipfile.ZIP_DEFLATED:
            pieces = _inflate(raw)
        else:
            raise Refused(Refused.CORRUPT)
        produced, crc = 0, 0
        for piece in pieces:
            produced += len(piece)
            if produced > entry.file_size or produced > self.remaining:
                raise Refused(Refused.HOSTILE_ARCHIVE)
            if produced > limit:
                raise too_large or Refused(Refused.HOSTILE_ARCHIVE)
            crc = zlib.crc32(piece, crc)
            yield piece
        if produced != entry.file_size or crc != entry.CRC:
            raise Refused(Refused.CORRUPT)
        self.remaining -= produced

    def read(self, name: str, *, limit: int, too_large: Refused | None = None) -> bytes:
        return bytes(self._collect(name, limit=limit, too_large=too_large))

    def _collect(self, name, *, limit, too_large) -> bytearray:
        out = bytearray()
        for piece in self.stream(name, limit=limit, too_large=too_large):
            out += piece
        return out

    def slices(self, name: str, *, limit: int, too_large: Refused | None = None) -> Iterator[bytes]:
        """The member read whole first, then handed out in slices: inflating is ten times faster
        than parsing, so a part over the limit is refused before any parsing time is spent on it."""
        data = self._collect(name, limit=limit, too_large=too_large)
        return (bytes(data[start : start + CHUNK]) for start in range(0, len(data), CHUNK))


def _inflate(raw: memoryview) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for start in range(0, len(raw), CHUNK):
            pending = bytes(raw[start : start + CHUNK])
            while pending:
                # max_length bounds each step's output; the rest waits in unconsumed_tail.
                out = inflater.decompress(pending, CHUNK)
                pending = inflater.unconsumed_tail
                if out:
                    yield out
                if inflater.eof:
                    return
        while not inflater.eof:
            out = inflater.decompress(b"", CHUNK)
            if not out:
                break
            yield out
    except zlib.error:
        raise Refused(Refused.CORRUPT) from None
    if not inflater.eof:
        raise Refused(Refused.CORRUPT)


def check_archive(data: bytes, *, max_uncompressed=MAX_UNCOMPRESSED_BYTES) -> None:
    """Inflate every member once and discard it, so that a library reading the archive afterwards
    (openpyxl) meets exactly the sizes the headers declare, all within the budget."""
    parts = ZipParts(data, max_uncompressed=max_uncompressed)
    for name in parts.entries:
        for _piece in parts.stream(name, limit=max_uncompressed):
            pass
