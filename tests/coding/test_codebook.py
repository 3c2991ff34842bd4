"""Codebook services: merge, split, archive, delete with restore, history, optimistic locking."""

import pytest
from django.core.exceptions import ValidationError

from coding.codebook import errors as codebook_errors
from coding.codebook import restore as codebook_restore
from coding.codebook import selectors as codebook_selectors
from coding.codebook import services as codebook_services
from coding.models import Code, CodebookChange, Coding
from tests.factories import make_case, make_code, make_coding, make_document


@pytest.fixture
def material(project, owner, coder, second_coder):
    case = make_case(project)
    first = make_document(project, owner, text="政府购买服务，社会组织承接项目。" * 3, case=case)
    second = make_document(project, owner, text="街道办事处与社会组织合作。" * 3, title="访谈二")
    trap = codebook_services.codebook_code_create(project=project, user=owner, name="互动陷阱")
    collusion = codebook_services.codebook_code_create(
        project=project, user=owner, name="合谋化", parent=trap, definition="利益媾通"
    )
    involution = codebook_services.codebook_code_create(project=project, user=owner, name="内卷化", parent=trap)
    make_coding(first, collusion, coder, 0, 4)
    make_coding(second, collusion, second_coder, 2, 6, memo="A")
    make_coding(first, involution, coder, 0, 4)
    make_coding(first, involution, coder, 5, 9)
    return {"first": first, "second": second, "trap": trap, "collusion": collusion, "involution": involution}


def test_the_tree_counts_codings_documents_cases_and_coders_of_each_subtree(
    material, project, django_assert_num_queries
):
    with django_assert_num_queries(2):
        tree = codebook_selectors.codebook_tree(project=project)
    assert [(code.name, code.depth) for code in tree] == [("互动陷阱", 0), ("内卷化", 1), ("合谋化", 1)]
    trap = tree[0]
    assert trap.counts["codings"] == 0
    assert trap.counts["subtree_codings"] == 4
    assert trap.counts["subtree_documents"] == 2
    assert trap.counts["subtree_cases"] == 1
    assert trap.counts["subtree_coders"] == 2
    assert tree[2].counts == {**tree[2].counts, "codings": 2, "documents": 2, "cases": 1, "coders": 2}


def test_merge_moves_codings_collapses_identical_ones_and_keeps_the_definition_in_history(material, owner):
    collusion, involution = material["collusion"], material["involution"]
    codebook_services.code_merge(source=collusion, target=involution, user=owner)
    assert not Code.objects.filter(pk=collusion.pk).exists()
    # The coder's [0, 4) coding existed under both codes: it collapses into one.
    assert Coding.objects.filter(code=involution).count() == 3
    change = CodebookChange.objects.get(code_ref=involution.pk, action="merge")
    assert change.snapshot["merged"]["definition"] == "利益媾通"
    assert change.user == owner


def test_merge_moves_the_children(project, owner):
    source = make_code(project, name="趋同化")
    child = make_code(project, name="强制性", parent=source)
    target = make_code(project, name="同构")
    codebook_services.code_merge(source=source, target=target, user=owner)
    child.refresh_from_db()
    assert child.parent == target


@pytest.mark.parametrize(
    ("which", "message"),
    [("same", codebook_errors.MERGE_INTO_ITSELF), ("child", codebook_errors.MERGE_INTO_DESCENDANT)],
)
def test_merge_refusals_leave_everything_as_it_was(material, owner, which, message):
    trap = material["trap"]
    target = trap if which == "same" else material["collusion"]
    with pytest.raises(ValidationError) as caught:
        codebook_services.code_merge(source=trap, target=target, user=owner)
    assert caught.value.message_dict == {"target": [str(message)]}
    assert Code.objects.count() == 3 and Coding.objects.count() == 4


def test_a_move_under_its_own_descendant_is_refused(material, owner):
    with pytest.raises(ValidationError) as caught:
        codebook_services.code_move(code=material["trap"], parent=material["collusion"], user=owner)
    assert caught.value.message_dict == {"parent": [str(codebook_errors.PARENT_IS_DESCENDANT)]}


def test_move_places_a_code_among_its_new_siblings(material, owner, project):
    other = make_code(project, name="资源依赖")
    codebook_services.code_move(code=other, parent=material["trap"], position=1, user=owner)
    names = list(material["trap"].children.order_by("order").values_list("name", flat=True))
    assert names[1] == "资源依赖" and len(names) == 3


def test_split_moves_chosen_codings_to_a_new_sibling(material, owner):
    collusion = material["collusion"]
    chosen = list(collusion.codings.values_list("id", flat=True)[:1])
    new = codebook_services.code_split(source=collusion, coding_ids=chosen, new_name="利益媾通", user=owner)
    assert new.parent == material["trap"]
    assert list(new.codings.values_list("id", flat=True)) == chosen
    assert collusion.codings.count() == 1


def test_split_refuses_codings_of_another_code(material, owner):
    foreign = material["involution"].codings.first()
    with pytest.raises(ValidationError) as caught:
        codebook_services.code_split(source=material["collusion"], coding_ids=[foreign.pk], new_name="x", user=owner)
    assert caught.value.message_dict == {"codings": [str(codebook_errors.SPLIT_NOT_OF_CODE)]}
    assert not Code.objects.filter(name="x").exists()


def test_archive_keeps_codings_and_restores(material, owner):
    collusion = material["collusion"]
    codebook_services.code_archive(code=collusion, user=owner)
    collusion.refresh_from_db()
    assert not collusion.is_active and collusion.codings.count() == 2
    codebook_services.code_unarchive(code=collusion, user=owner)
    collusion.refresh_from_db()
    assert collusion.is_active
    actions = list(CodebookChange.objects.filter(code_ref=collusion.pk).values_list("action", flat=True))
    assert actions[:2] == ["unarchive", "archive"]


def test_delete_preview_then_restore_brings_back_the_subtree_with_its_codings(material, owner, project):
    trap = material["trap"]
    preview = codebook_selectors.code_delete_preview(code=trap)
    assert preview == {"codes": 3, "codings": 4, "documents": 2, "coders": ["cai", "cora"]}
    before = set(Coding.objects.values_list("document_id", "code_id", "coder_id", "start", "end", "memo"))
    change = codebook_services.codebook_code_delete(code=trap, user=owner)
    assert Code.objects.count() == 0 and Coding.objects.count() == 0
    restored = codebook_restore.change_restore(change=change, user=owner)
    assert restored.pk == trap.pk
    assert Code.objects.count() == 3
    after = set(Coding.objects.values_list("document_id", "code_id", "coder_id", "start", "end", "memo"))
    assert after == before


def test_restoring_an_edit_brings_back_the_earlier_definition(material, owner):
    collusion = material["collusion"]
    codebook_services.codebook_code_update(code=collusion, user=owner, definition="新定义", name="合谋")
    change = CodebookChange.objects.filter(code_ref=collusion.pk, action="update").first()
    assert change.before["definition"] == "利益媾通" and change.after["definition"] == "新定义"
    codebook_restore.change_restore(change=change, user=owner)
    collusion.refresh_from_db()
    assert (collusion.name, collusion.definition) == ("合谋化", "利益媾通")


def test_a_stale_version_is_refused_and_changes_nothing(material, owner, editor):
    collusion = material["collusion"]
    codebook_services.codebook_code_update(code=collusion, user=owner, version=1, definition="甲")
    with pytest.raises(codebook_services.CodeVersionConflict) as caught:
        codebook_services.codebook_code_update(code=collusion, user=editor, version=1, definition="乙")
    assert caught.value.current.definition == "甲"
    collusion.refresh_from_db()
    assert (collusion.definition, collusion.version) == ("甲", 2)


def test_restoring_a_deletion_relinks_the_history_and_skips_codings_of_deleted_documents(
    material, owner, project
):
    trap, first = material["trap"], material["first"]
    change = codebook_services.codebook_code_delete(code=trap, user=owner)
    first.delete()
    codebook_restore.change_restore(change=change, user=owner)
    assert Coding.objects.count() == 1
    assert CodebookChange.objects.filter(code_ref=trap.pk, code__isnull=True).count() == 0


def test_a_deletion_cannot_be_restored_over_a_code_of_the_same_name(material, owner, project):
    change = codebook_services.codebook_code_delete(code=material["trap"], user=owner)
    make_code(project, name="互动陷阱")
    with pytest.raises(ValidationError):
        codebook_restore.change_restore(change=change, user=owner)
    assert Code.objects.count() == 1 and Coding.objects.count() == 0


def test_a_merge_is_undone_from_the_merged_codes_history(material, owner):
    collusion, involution = material["collusion"], material["involution"]
    before = set(Coding.objects.values_list("document_id", "code_id", "coder_id", "start", "end"))
    child = make_code(collusion.project, name="利益媾通", parent=collusion)
    codebook_services.code_merge(source=collusion, target=involution, user=owner)
    change = CodebookChange.objects.get(code_ref=collusion.pk, action="merge")
    restored = codebook_restore.change_restore(change=change, user=owner)
    assert (restored.pk, restored.definition) == (collusion.pk, "利益媾通")
    after = set(Coding.objects.values_list("document_id", "code_id", "coder_id", "start", "end"))
    assert after == before
    child.refresh_from_db()
    assert child.parent_id == collusion.pk


def test_new_codes_get_distinct_colours_until_the_palette_runs_out(project):
    from coding.codebook.services import PALETTE, next_color
    from tests.factories import make_code as create

    colours = [create(project, name=f"代码{index}").color for index in range(len(PALETTE))]
    assert len(set(colours)) == len(PALETTE)
    assert create(project, name="再一个").color == PALETTE[0]  # then round again, evenly
    assert create(project, name="自选", color="#123456").color == "#123456"
    assert next_color(project=project) == PALETTE[1]
