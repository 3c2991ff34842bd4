"""The text layer of .pdf files. Scans without one are refused with a message saying so (no OCR)."""

import io

from coding.documents.importing.limits import TextBudget
from coding.documents.importing.refusal import Refused


def pdf_text(data: bytes, budget: TextBudget) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Refused(Refused.ENCRYPTED)
        pages = []
        for page in reader.pages:  # pypdf bounds each stream it inflates (75 MB); we bound the text
            pages.append(page.extract_text() or "")
            budget.take(len(pages[-1]) + 2)
    except Refused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError):
        raise Refused(Refused.CORRUPT) from None
    except Exception:  # noqa: BLE001 - any failure to parse an upload reads, to the user, as damage
        raise Refused(Refused.CORRUPT) from None
    text = "\n\n".join(page.strip("\n") for page in pages)
    if not text.strip():
        raise Refused(Refused.NO_TEXT_LAYER)
    return text
