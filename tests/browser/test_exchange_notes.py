"""Through a real browser: a researcher who imported a .qdpx finds its memos, and an editor deletes one."""

import pytest

from exchange.models import Note
from tests.exchange.notes_qdpx import HOSTILE, import_with_team, note

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_imported_memos_are_reached_from_the_project_page_and_deleted(open_as, owner, editor, coder, viewer):
    project = import_with_team(owner, editor, coder, viewer)
    page = open_as(editor, f"/projects/{project.pk}/", workspace=False)
    page.click("text=Notes and sets")
    assert page.locator("#notes article").count() == 3
    assert page.locator(f"#note-{note(project, '研究日志').pk} .note-text").inner_text() == HOSTILE
    target = note(project, "访谈印象")
    page.click(f"#note-{target.pk} >> text=Delete the note")
    page.click("#delete-form button[type=submit]")
    page.wait_for_url(f"**/projects/{project.pk}/exchange/notes/")
    assert page.locator("#notes article").count() == 2
    assert not Note.objects.filter(pk=target.pk).exists()
    assert page.errors == []
