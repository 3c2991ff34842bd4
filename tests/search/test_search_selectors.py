"""The same queries on PostgreSQL (GIN over term arrays) and SQLite (FTS5) give the hits worked out
here by hand from the texts, so the two databases agree with each other and with the truth."""

import pytest

from search import errors
from search.query import QuerySyntaxError
from search.selectors import search
from tests.factories import make_case, make_code, make_coding, make_document

TEXTS = {
    "访谈一": "问：你们和街道怎么合作？\n答：政府购买服务以后，街道和社会组织的合作更多了。",
    "访谈二": "答：社会组织依赖政府的资金。Government funding matters.\n问：合作呢？",
    "访谈三": "答：居家养老服务中心由社会组织运营。𠮷 the elders like it.",
    "Interview 4": "Q: How do you cooperate with the street office?\nA: Funding comes from the government.",
}


@pytest.fixture
def corpus(project, owner):
    case = make_case(project, name="W区")
    documents = {}
    for title, text in TEXTS.items():
        documents[title] = make_document(
            project, owner, title=title, text=text, case=case if "二" in title else None
        )
    return documents


def found(project, text, **options):
    result = search(project=project, text=text, **options)
    return {(group.document.title, hit.start, hit.end) for group in result.groups for hit in group.hits}


def every(title, word):
    text = TEXTS[title]
    positions, at = set(), text.find(word)
    while at >= 0:
        positions.add((title, at, at + len(word)))
        at = text.find(word, at + 1)
    return positions


def test_a_chinese_word_is_found_where_it_occurs(project, corpus):
    assert found(project, "社会组织") == every("访谈一", "社会组织") | every("访谈二", "社会组织") | every(
        "访谈三", "社会组织"
    )


def test_two_words_mean_both(project, corpus):
    assert found(project, "政府 合作") == (
        every("访谈一", "政府") | every("访谈一", "合作") | every("访谈二", "政府") | every("访谈二", "合作")
    )


def test_or_and_not(project, corpus):
    assert {t for t, _s, _e in found(project, "居家养老 OR 资金")} == {"访谈三", "访谈二"}
    assert {t for t, _s, _e in found(project, "社会组织 NOT 资金")} == {"访谈一", "访谈三"}
    assert {t for t, _s, _e in found(project, "(资金 OR 运营) AND 社会组织")} == {"访谈二", "访谈三"}


def test_english_is_lower_cased_without_stemming(project, corpus):
    assert found(project, "government") == every("访谈二", "Government") | every("Interview 4", "government")
    assert found(project, "fund") == set()


def test_a_phrase_must_occur_in_order(project, corpus):
    assert found(project, '"government funding"') == every("访谈二", "Government funding")
    assert found(project, '"funding government"') == set()
    assert {t for t, _s, _e in found(project, 'government NOT "government funding"')} == {"Interview 4"}


def test_offsets_count_code_points_past_astral_characters(project, corpus):
    ((_title, start, end),) = found(project, "elders")
    assert TEXTS["访谈三"][start:end] == "elders"


def test_exact_substring_finds_text_inside_words(project, corpus):
    assert found(project, "会组", exact=True) == every("访谈一", "会组") | every("访谈二", "会组") | every(
        "访谈三", "会组"
    )


def test_hits_come_with_context_within_the_paragraph(project, corpus):
    result = search(project=project, text="资金")
    (group,) = result.groups
    (hit,) = group.hits
    assert (hit.left, hit.text, hit.right) == (
        "答：社会组织依赖政府的",
        "资金",
        "。Government funding matters.",
    )


def test_filters_by_case_and_by_coding(project, corpus, coder):
    case_id = corpus["访谈二"].case_id
    assert {t for t, _s, _e in found(project, "社会组织", case_id=case_id)} == {"访谈二"}
    code = make_code(project, name="资源依赖")
    text = TEXTS["访谈一"]
    start = text.find("社会组织")
    make_coding(corpus["访谈一"], code, coder, start, start + 6)
    assert found(project, "社会组织", coded_with=code.pk) == {("访谈一", start, start + 4)}
    assert ("访谈一", start, start + 4) not in found(project, "社会组织", not_coded_with=code.pk)


def test_other_projects_documents_are_never_found(project, other_project, outsider, corpus):
    make_document(other_project, outsider, title="x", text="社会组织很多。")
    assert {t for t, _s, _e in found(project, "社会组织")} == {"访谈一", "访谈二", "访谈三"}


def test_results_are_paginated_by_hit_in_document_order(project, corpus):
    first = search(project=project, text="社会组织", page=1, page_size=2)
    assert [group.document.title for group in first.groups] == ["访谈二", "访谈一"]  # W区 first, then no case
    assert (first.documents_count, first.has_next) == (3, True)
    second = search(project=project, text="社会组织", page=2, page_size=2)
    assert [group.document.title for group in second.groups] == ["访谈三"]
    assert (second.has_next, second.hits_count) == (False, 3)


def test_a_page_boundary_inside_a_document(project, owner):
    make_document(project, owner, title="长", text="合作。" * 5)
    pages = [search(project=project, text="合作", page=n, page_size=2) for n in (1, 2, 3)]
    assert [[hit.start for group in page.groups for hit in group.hits] for page in pages] == [
        [0, 3],
        [6, 9],
        [12],
    ]
    assert [page.has_next for page in pages] == [True, True, False]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", errors.QUERY_EMPTY),
        ('"社会组织', errors.QUERY_UNCLOSED_QUOTE),
        ("(社会组织 OR 政府", errors.QUERY_UNCLOSED_PAREN),
        ("社会组织)", errors.QUERY_UNEXPECTED_PAREN),
        ("社会组织 OR", errors.QUERY_MISSING_OPERAND.format(operator="OR")),
        ("AND 政府", errors.QUERY_OPERATOR_FIRST.format(operator="AND")),
        ("NOT 政府", errors.QUERY_ONLY_NEGATIVE),
        ("，。", errors.QUERY_NO_TERMS.format(text="，。")),
    ],
)
def test_bad_queries_say_what_is_wrong(project, query, message):
    with pytest.raises(QuerySyntaxError) as caught:
        search(project=project, text=query)
    assert caught.value.message == message
