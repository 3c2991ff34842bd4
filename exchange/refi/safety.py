"""Reading untrusted uploads safely: XML without entities or network, zips with bounded inflation.

The limits mirror the transcript importer's (coding/importing/word.py): an exchange file is a zip
too, so it can be a zip bomb. Unlike a .docx we read the members ourselves, so besides checking
the declared sizes we stop reading at the bound, whatever the header claimed.
"""

import io
import zipfile

from lxml import etree

# Same figures as coding/importing/word.py's check_archive; kept here so that this pure package
# imports nothing from the Django apps.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 5000
CHUNK = 1024 * 1024


class ExchangeError(Exception):
    """A file we refuse whole; `reason` is a code the services turn into a translated message."""

    NOT_A_ZIP = "not_a_zip"
    HOSTILE_ARCHIVE = "hostile_archive"
    NO_PROJECT_XML = "no_project_xml"
    NOT_XML = "not_xml"
    WRONG_ROOT = "wrong_root"

    def __init__(self, reason, **params):
        super().__init__(reason, params)
        self.reason = reason
        self.params = params


def _parser(*, recover):
    # resolve_entities=False: no billion laughs, no external entities (XXE); no_network: a DTD or
    # schema location is never fetched; huge_tree stays off so libxml2 keeps its own depth limits.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


def parse_xml(data: bytes):
    """Parse strictly; if that fails, retry with libxml2's recovering parser.

    Returns (root element, recovered: bool). Real files are sometimes not well-formed (QualCoder
    writes memo text unescaped), and a recovered reading is better than none; the caller warns.
    """
    # A BOM before `<?xml` is a known QualCoder quirk; libxml2 copes with UTF-8's, be explicit.
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return etree.fromstring(data, _parser(recover=False)), False
    except etree.XMLSyntaxError:
        pass
    try:
        root = etree.fromstring(data, _parser(recover=True))
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise ExchangeError(ExchangeError.NOT_XML)
    return root, True


class BoundedZip:
    """A zip opened for reading with limits on entry count, total size and inflation ratio."""

    def __init__(self, data: bytes, *, max_uncompressed=MAX_UNCOMPRESSED_BYTES):
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            entries = self.archive.infolist()
        except (zipfile.BadZipFile, ValueError, OSError):
            raise ExchangeError(ExchangeError.NOT_A_ZIP) from None
        if len(entries) > MAX_ENTRIES:
            raise ExchangeError(ExchangeError.HOSTILE_ARCHIVE)
        total = sum(entry.file_size for entry in entries)
        compressed = sum(entry.compress_size for entry in entries) or 1
        if total > max_uncompressed or (total > 10 * 1024 * 1024 and total / compressed > MAX_RATIO):
            raise ExchangeError(ExchangeError.HOSTILE_ARCHIVE)
        self.max_uncompressed = max_uncompressed
        self.read_so_far = 0
        self.entries = [entry for entry in entries if not entry.is_dir()]

    def names(self):
        return [entry.filename for entry in self.entries]

    def read(self, name: str) -> bytes:
        """The member's bytes, never more than the remaining budget (a lying header stops here)."""
        out = bytearray()
        try:
            with self.archive.open(name) as member:
                while True:
                    chunk = member.read(CHUNK)
                    if not chunk:
                        break
                    out += chunk
                    if self.read_so_far + len(out) > self.max_uncompressed:
                        raise ExchangeError(ExchangeError.HOSTILE_ARCHIVE)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError):
            raise ExchangeError(ExchangeError.NOT_A_ZIP) from None
        self.read_so_far += len(out)
        return bytes(out)
