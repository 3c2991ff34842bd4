"""Interview roles are one word in every project's segmentation (jieba alone cuts 访谈者 in two)."""

from search import segmentation


def test_interview_roles_stay_whole_and_ordinary_words_are_cut_as_before():
    terms = [token.term for token in segmentation.tokens("访谈者：受访者和主持人都到了，社会组织也来了。")]
    assert terms[:3] == ["访谈者", "受访者", "和"] and "主持人" in terms
    assert "者" not in terms
    assert "社会" in terms and "组织" in terms


def test_search_reindex_all_re_segments_documents_indexed_before_an_upgrade(project, owner):
    import io

    from django.core.management import call_command

    from search.models import DocumentIndex
    from tests.factories import make_document

    document = make_document(project, owner, text="访谈者：您好。")
    # As an index written before roles were kept whole: 访谈 + 者.
    DocumentIndex.objects.filter(document=document).update(terms="访谈 者 访谈者 您好", spans=[0, 2, 2, 3, 4, 6])
    out = io.StringIO()
    call_command("search_reindex", "--all", stdout=out)
    index = DocumentIndex.objects.get(document=document)
    assert index.spans[:2] == [0, 3]
    assert "Re-segmented 1 documents." in out.getvalue()
