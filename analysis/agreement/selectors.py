"""Reads for intercoder agreement: the scope's documents, codes and codings, in four queries.

The heavy lifting is in the pure `compute` module; here only SQL reads that return plain tuples,
with a pinned number of queries (tests/analysis/agreement/test_selectors.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models.functions import Length

from analysis.agreement import compute
from analysis.agreement.disagreements import Coded, find_disagreements
from coding.models import Code, Coding, Document, Membership

CONSENSUS_USERNAME = "consensus-project-{project_id}"


@dataclass(frozen=True)
class Category:
    id: int  # the chosen code
    name: str
    path: str  # "Parent > Child", to show where it sits
    subtree: bool


@dataclass
class Scope:
    coder_ids: list[int]
    document_ids: list[int] | None = None  # None: all
    case_ids: list[int] | None = None
    code_ids: list[int] = field(default_factory=list)  # empty: every top-level code
    subtree: bool = True
    subtree_codes: set[int] | None = None  # codes taken with their subtree; None: all follow `subtree`
    threshold: float = 0.9


def consensus_username(project_id) -> str:
    return CONSENSUS_USERNAME.format(project_id=project_id)


def project_coders(*, project) -> list:
    """Members who may be compared, consensus coder included, by name. One query."""
    rows = (
        Membership.objects.filter(project=project)
        .select_related("user")
        .order_by("user__username")
        .values_list("user_id", "user__username", "user__first_name")
    )
    out = []
    for user_id, username, first_name in rows:
        out.append(
            {
                "id": user_id,
                "name": username,
                "consensus": username == consensus_username(project.id),
                "label": first_name,
            }
        )
    return out


def _codebook(project):
    rows = list(Code.objects.filter(project=project).values_list("id", "parent_id", "name", "order"))
    parent = {cid: pid for cid, pid, _, _ in rows}
    name = {cid: n for cid, _, n, _ in rows}
    order = {cid: (o, n, cid) for cid, _, n, o in rows}
    return parent, name, order


def _path(code_id, parent, name):
    parts = []
    seen = set()
    while code_id is not None and code_id not in seen:
        seen.add(code_id)
        parts.append(name[code_id])
        code_id = parent.get(code_id)
    return " > ".join(reversed(parts))


def _categories(scope, parent, name, order):
    """The chosen codes (all top-level codes when none) and, for each code, where it counts.

    ``mapping[code] = [(category, value)]``: a code counts for every chosen category it is in
    (itself, or an ancestor taken with its subtree); its value is the child of the category it
    falls under, for cu-α.
    """
    chosen = [c for c in scope.code_ids if c in name] if scope.code_ids else None
    if chosen is None:
        chosen = sorted((c for c, p in parent.items() if p is None), key=lambda c: order[c])
    with_subtree = (
        set(chosen) if scope.subtree_codes is None and scope.subtree else (scope.subtree_codes or set())
    )
    categories = [Category(c, name[c], _path(c, parent, name), c in with_subtree) for c in chosen]
    mapping: dict[int, list[tuple[int, int]]] = defaultdict(list)
    chosen_set = set(chosen)
    for code_id in name:
        below = None  # the ancestor-or-self just under the category while walking up
        node = code_id
        seen = set()
        while node is not None and node not in seen:
            seen.add(node)
            if node in chosen_set and (node == code_id or node in with_subtree):
                mapping[code_id].append((node, below if below is not None else node))
            below = node
            node = parent.get(node)
    return categories, mapping


def agreement_inputs(*, project, scope: Scope):
    """Everything `compute.measure_agreement` needs, in four queries (codes, documents, who coded
    which document, the codings in scope)."""
    parent, name, order = _codebook(project)
    categories, mapping = _categories(scope, parent, name, order)
    documents = Document.objects.filter(project=project)
    if scope.document_ids is not None:
        documents = documents.filter(pk__in=scope.document_ids)
    if scope.case_ids is not None:
        documents = documents.filter(case_id__in=scope.case_ids)
    lengths = dict(documents.annotate(n=Length("text")).values_list("id", "n"))
    coders = list(scope.coder_ids)
    took_part: dict[int, set] = defaultdict(set)
    # A coder took part in a document when they coded anything in it; absent coders are missing.
    for doc_id, coder_id in (
        Coding.objects.filter(document_id__in=list(lengths), coder_id__in=coders)
        .values_list("document_id", "coder_id")
        .order_by()  # Coding's default ordering would otherwise join the DISTINCT and defeat it
        .distinct()
    ):
        took_part[doc_id].add(coder_id)
    spans = []
    rows = (
        Coding.objects.filter(document_id__in=list(lengths), coder_id__in=coders, code_id__in=list(mapping))
        .order_by()  # the computation sorts what it needs; sorting 200,000 rows in SQL is waste
        .values_list("document_id", "coder_id", "code_id", "start", "end")
    )
    # Plain tuples in `compute.Span`'s field order: building 200,000 named tuples costs more.
    for doc_id, coder_id, code_id, start, end in rows.iterator(chunk_size=20000):
        for category, value in mapping[code_id]:
            spans.append((doc_id, coder_id, category, start, end, value))
    return categories, lengths, coders, spans, took_part


def agreement_table(*, project, scope: Scope):
    """The measures for the scope: (categories, AgreementResult)."""
    categories, lengths, coders, spans, took_part = agreement_inputs(project=project, scope=scope)
    result = compute.measure_agreement(
        documents=lengths,
        coders=coders,
        spans=spans,
        categories=[c.id for c in categories],
        threshold=scope.threshold,
        coders_by_document=took_part,
    )
    return categories, result


def agreement_by_document(*, project, scope: Scope):
    """Per-document detail for the exports: [(document id, title, AgreementResult)]."""
    categories, lengths, coders, spans, took_part = agreement_inputs(project=project, scope=scope)
    titles = dict(Document.objects.filter(pk__in=list(lengths)).values_list("id", "title"))
    by_doc = defaultdict(list)
    for span in spans:
        by_doc[span[0]].append(span)
    out = []
    for doc_id in sorted(lengths, key=lambda d: (titles[d], d)):
        result = compute.measure_agreement(
            documents={doc_id: lengths[doc_id]},
            coders=coders,
            spans=by_doc.get(doc_id, ()),
            categories=[c.id for c in categories],
            threshold=scope.threshold,
            coders_by_document=took_part,
        )
        if result.documents:
            out.append((doc_id, titles[doc_id], result))
    return categories, out


def document_disagreements(*, document, coder_a, coder_b, code_ids=None, kinds=None):
    """Two coders' codings of one document and their disagreements, filtered by code and kind."""
    rows = list(
        Coding.objects.filter(document=document, coder_id__in=[coder_a, coder_b]).values_list(
            "id", "coder_id", "code_id", "start", "end"
        )
    )
    a = [Coded(i, code, s, e) for i, coder, code, s, e in rows if coder == coder_a]
    b = [Coded(i, code, s, e) for i, coder, code, s, e in rows if coder == coder_b]
    found = find_disagreements(a, b)
    if code_ids:
        wanted = set(code_ids)
        found = [d for d in found if wanted & set(d.codes)]
    if kinds:
        found = [d for d in found if d.kind in kinds]
    return a, b, found


def consensus_user(*, project):
    return get_user_model().objects.filter(username=consensus_username(project.id)).first()
