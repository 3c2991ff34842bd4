"""Reads of the codebook: the tree with its counts, places in it, what a deletion would take, history."""

from django.db import connection
from django.db.models import Count
from pypinyin import Style, lazy_pinyin

from coding.models import Code, CodebookChange, Coding


def code_list(*, project):
    return (
        Code.objects.filter(project=project)
        .annotate(codings_count=Count("codings"))
        .order_by("parent_id", "order", "name", "id")
    )


def pinyin_initials(name: str) -> str:
    """Lower-case pinyin initials of the Chinese characters in a name: 合谋化 → hmh.

    Latin letters and digits are kept as they are (lower-cased) so that mixed names such as
    "QCA 条件" still match; everything else is dropped. Computed at read time: no stored field
    to keep in step with renames.
    """
    initials = []
    for char in name:
        if "\u3400" <= char <= "\u9fff" or "\U00020000" <= char <= "\U0002ffff":
            initials.append(lazy_pinyin(char, style=Style.FIRST_LETTER)[0].lower())
        elif char.isascii() and char.isalnum():
            initials.append(char.lower())
    return "".join(initials)


def sibling_index(code) -> tuple[int, int]:
    """The code's place among its siblings (0-based) and how many siblings it has, itself included."""
    ids = list(
        Code.objects.filter(project_id=code.project_id, parent_id=code.parent_id)
        .order_by("order", "name", "id")
        .values_list("id", flat=True)
    )
    return ids.index(code.pk), len(ids)


def subtree_ids(code) -> list[int]:
    """The code's id and all its descendants', top-down, from one query over the project's tree."""
    children = {}
    for pk, parent_id in Code.objects.filter(project_id=code.project_id).values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    ids, queue = [], [code.pk]
    while queue:
        pk = queue.pop(0)
        ids.append(pk)
        queue.extend(sorted(children.get(pk, [])))
    return ids


def code_delete_preview(*, code) -> dict:
    """What deleting a code would take with it: its subtree, codings, documents and coders."""
    ids = subtree_ids(code)
    codings = Coding.objects.filter(code_id__in=ids)
    totals = codings.aggregate(
        codings=Count("id"),
        documents=Count("document_id", distinct=True),
        coders=Count("coder_id", distinct=True),
    )
    coders = list(codings.order_by().values_list("coder__username", flat=True).distinct())
    return {
        "codes": len(ids),
        "codings": totals["codings"],
        "documents": totals["documents"],
        "coders": sorted(coders),
    }


CODE_PAGE_CODINGS = 500


def code_codings(*, code, limit=CODE_PAGE_CODINGS):
    """The first codings of a code for its page, each with its document's title and its coder.

    The document's text is left out: with it, every listed coding brought its whole transcript
    (500 codings in one 200,000-character transcript took 1.6 s on SQLite)."""
    return Coding.objects.filter(code=code).select_related("document", "coder").defer("document__text")[:limit]


def code_history(*, project, code_ref):
    return CodebookChange.objects.filter(project=project, code_ref=code_ref).select_related("user")


def project_history(*, project):
    return CodebookChange.objects.filter(project=project).select_related("user")


TREE_COUNTS_SQL = """
WITH RECURSIVE tree(ancestor, descendant) AS (
    SELECT id, id FROM coding_code WHERE project_id = %s
    UNION ALL
    SELECT tree.ancestor, child.id FROM tree JOIN coding_code child ON child.parent_id = tree.descendant
)
SELECT tree.ancestor,
       COUNT(DISTINCT CASE WHEN tree.ancestor = tree.descendant THEN coding.id END),
       COUNT(DISTINCT CASE WHEN tree.ancestor = tree.descendant THEN coding.document_id END),
       COUNT(DISTINCT CASE WHEN tree.ancestor = tree.descendant THEN document.case_id END),
       COUNT(DISTINCT CASE WHEN tree.ancestor = tree.descendant THEN coding.coder_id END),
       COUNT(DISTINCT coding.id),
       COUNT(DISTINCT coding.document_id),
       COUNT(DISTINCT document.case_id),
       COUNT(DISTINCT coding.coder_id)
FROM tree
LEFT JOIN coding_coding coding ON coding.code_id = tree.descendant
LEFT JOIN coding_document document ON document.id = coding.document_id
GROUP BY tree.ancestor
"""


COUNT_NAMES = (
    "codings",
    "documents",
    "cases",
    "coders",
    "subtree_codings",
    "subtree_documents",
    "subtree_cases",
    "subtree_coders",
)


def codebook_tree(*, project) -> list[Code]:
    """The codebook depth-first, each code with `depth` and its own and subtree counts of codings,
    documents, cases and coders; two queries whatever the size (the counts are one recursive SQL
    aggregation, so distinct documents are not double-counted across a subtree)."""
    codes = list(Code.objects.filter(project=project).order_by("order", "name", "id"))
    with connection.cursor() as cursor:
        cursor.execute(TREE_COUNTS_SQL, [project.pk])
        counts = {row[0]: row[1:] for row in cursor.fetchall()}
    children = {}
    for code in codes:
        code.counts = dict(zip(COUNT_NAMES, counts.get(code.pk, (0,) * 8), strict=True))
        children.setdefault(code.parent_id, []).append(code)
    ordered = []

    def walk(parent_id, depth):
        for code in children.get(parent_id, []):
            code.depth = depth
            code.has_children = code.pk in children
            ordered.append(code)
            walk(code.pk, depth + 1)

    walk(None, 0)
    return ordered


def code_choices(*, project, active_only=True, exclude_ids=()) -> list[Code]:
    """Codes depth-first for a <select>, each with `depth`, an indented `label` and `selectable`.

    One query. Archived codes (and `exclude_ids`, e.g. a code and its subtree when moving it) are
    not offered; an archived code that still has offered descendants stays in the list, not
    selectable, so that the tree still reads right under it.
    """
    codes = Code.objects.filter(project=project).exclude(pk__in=list(exclude_ids))
    return tree_order(codes, active_only=active_only)


def tree_order(codes, *, active_only=False) -> list[Code]:
    """`codes` depth-first in codebook order, with `depth`, `label` and `selectable` set.

    A code whose parent is not among `codes` (excluded with its subtree) is left out with its own.
    """
    children = {}
    for code in sorted(codes, key=lambda code: (code.order, code.name, code.pk)):
        children.setdefault(code.parent_id, []).append(code)
    ordered = []

    def walk(parent_id, depth):
        shown = False
        for code in children.get(parent_id, []):
            code.depth = depth
            code.selectable = code.is_active or not active_only
            # An ideographic space per level: <option> text takes no styling, and it reads in CJK.
            code.label = "\u3000" * depth + code.name
            at = len(ordered)
            ordered.append(code)
            below = walk(code.pk, depth + 1)
            if not code.selectable and not below:
                del ordered[at]
            else:
                shown = True
        return shown

    walk(None, 0)
    return ordered
