"""Untrusted XML parsed as it streams in, a block at a time, within the import's limits.

The extractor names the blocks it wants (a Word paragraph or table, an OpenDocument paragraph);
each is handed over complete and then freed, so memory holds one block, not the document. A
document type declaration is refused outright: office files never carry one, and it is where
entity expansion (billion laughs) and external entities (XXE) live.
"""

from collections.abc import Callable, Iterable, Iterator

from lxml import etree

from coding.documents.importing.limits import Limits
from coding.documents.importing.refusal import Refused


def _parser():
    # huge_tree stays off, so libxml2 keeps its own limits on depth and on the size of one text node.
    return etree.XMLPullParser(
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def iter_blocks(chunks: Iterable[bytes], *, wanted: Callable, limits: Limits) -> Iterator:
    """Each element for which wanted(element) is true, complete, in document order; then it is freed."""
    parser = _parser()
    pending = 0
    started = False
    try:
        for chunk in chunks:
            parser.feed(chunk)
            for event, element in parser.read_events():
                if event == "start":
                    if not started:
                        started = True
                        if element.getroottree().docinfo.doctype:
                            raise Refused(Refused.CORRUPT)
                    pending += 1
                    if pending > limits.max_pending_elements:
                        raise Refused(Refused.TOO_MANY_ELEMENTS, limit=f"{limits.max_pending_elements:,}")
                elif wanted(element):
                    yield element
                    pending = 0
                    element.clear(keep_tail=True)
                    # Earlier siblings are finished: drop them too, so no empty shells pile up.
                    parent = element.getparent()
                    if parent is not None:
                        while element.getprevious() is not None:
                            del parent[0]
        parser.close()
    except etree.XMLSyntaxError:
        raise Refused(Refused.CORRUPT) from None
