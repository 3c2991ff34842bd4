"""Case pages: the grid, cases from metadata, the case page, and the import/export pages."""

from django.core.files.uploadedfile import SimpleUploadedFile

from cases import organise
from cases.models import Attribute, Case
from tests.factories import make_attribute, make_case, make_code, make_coding, make_document


def test_the_grid_shows_typed_inputs_for_editors_and_text_for_viewers(client, editor, viewer, project):
    make_attribute(project, name="budget", type="number")
    make_attribute(project, name="kind", type="category", choices=["枢纽型", "服务型"])
    make_case(project)
    client.force_login(editor)
    page = client.get(f"/projects/{project.pk}/cases/").content.decode()
    assert 'inputmode="decimal"' in page and "<option>枢纽型</option>" in page and "js/case_grid.js" in page
    client.force_login(viewer)
    page = client.get(f"/projects/{project.pk}/cases/").content.decode()
    assert "W区居家养老" in page and "data-url" not in page


def test_editors_add_cases_and_attributes_from_the_grid(client, editor, project):
    client.force_login(editor)
    client.post(f"/projects/{project.pk}/cases/", {"action": "add-case", "name": "G区"})
    client.post(
        f"/projects/{project.pk}/cases/",
        {"action": "add-attribute", "name": "类型", "type": "category", "choices": "枢纽型，服务型"},
    )
    assert Case.objects.filter(project=project, name="G区").exists()
    assert Attribute.objects.get(project=project, name="类型").choices == ["枢纽型", "服务型"]
    response = client.post(
        f"/projects/{project.pk}/cases/", {"action": "add-case", "name": "G区"}, follow=True
    )
    assert "A case named “G区” already exists in this project." in response.content.decode()


def test_cases_from_a_metadata_field_one_per_place(editor, owner, project):
    existing = make_case(project, name="W区")
    a = make_document(project, owner, title="一", place="W区")
    b = make_document(project, owner, title="二", place="G区")
    c = make_document(project, owner, title="三", place="G区")
    make_document(project, owner, title="四")
    made, assigned = organise.cases_from_metadata(project=project, field="place")
    assert [case.name for case in made] == ["G区"] and assigned == 3
    for document in (a, b, c):
        document.refresh_from_db()
    assert a.case == existing and b.case == c.case == made[0]


def test_cases_from_a_free_metadata_field(owner, project):
    make_document(project, owner, title="一", extra_metadata={"街道": "X街道"})
    assert "街道" in organise.metadata_fields(project=project)
    made, _assigned = organise.cases_from_metadata(project=project, field="街道")
    assert [case.name for case in made] == ["X街道"]


def test_the_case_page_shows_documents_values_and_codings_per_code(client, viewer, owner, coder, project):
    from cases import services

    case = make_case(project)
    attribute = make_attribute(project, name="district")
    services.attribute_value_set(case=case, attribute=attribute, value="W区")
    document = make_document(project, owner, title="老人访谈", case=case)
    code = make_code(project, name="行政化")
    make_coding(document, code, coder, 0, 2)
    make_coding(document, code, coder, 2, 4)
    client.force_login(viewer)
    page = client.get(f"/projects/{project.pk}/cases/{case.pk}/").content.decode()
    assert "老人访谈" in page and "W区" in page and "行政化" in page
    assert '<td class="num">2</td><td class="num">1</td>' in page


def test_outsiders_get_404_on_case_pages(client, outsider, project):
    case = make_case(project)
    client.force_login(outsider)
    for path in ("cases/", f"cases/{case.pk}/", "cases/export.csv", "cases/import/"):
        assert client.get(f"/projects/{project.pk}/{path}").status_code == 404


def test_import_page_previews_then_applies(client, editor, project):
    make_attribute(project, name="district")
    make_case(project, name="W区居家养老")
    client.force_login(editor)
    upload = SimpleUploadedFile("g.csv", "case,district\nW区居家养老,W区\n新案例,G区\n".encode())
    page = client.post(f"/projects/{project.pk}/cases/import/", {"file": upload}).content.decode()
    assert "New cases" in page and "新案例" in page and "Apply these changes" in page
    assert not Case.objects.filter(name="新案例").exists()
    response = client.post(f"/projects/{project.pk}/cases/import/", {"action": "apply"}, follow=True)
    assert "Imported: 1 new cases, 2 values changed." in response.content.decode()
    assert Case.objects.filter(project=project, name="新案例").exists()


def test_import_page_lists_errors_and_offers_no_apply(client, editor, project):
    make_attribute(project, name="budget", type="number")
    client.force_login(editor)
    upload = SimpleUploadedFile("g.csv", "case,budget\nA,很多\n".encode())
    page = client.post(f"/projects/{project.pk}/cases/import/", {"file": upload}).content.decode()
    assert "Row 2, column B: “很多” is not a number." in page and "Apply these changes" not in page


def test_exports_download_for_viewers(client, viewer, project):
    make_case(project)
    client.force_login(viewer)
    csv = client.get(f"/projects/{project.pk}/cases/export.csv")
    assert csv["Content-Type"].startswith("text/csv") and "W区居家养老" in csv.content.decode("utf-8-sig")
    xlsx = client.get(f"/projects/{project.pk}/cases/export.xlsx")
    assert xlsx.content.startswith(b"PK")


def zh_page(client, url):
    from django.utils import translation

    with translation.override("en"):  # the middleware leaves zh-Hans active in this thread otherwise
        return client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()


def test_a_yes_no_value_reads_as_yes_or_no_in_the_interface_language(client, editor, viewer, project):
    from cases.services import attribute_value_set

    tendered = make_attribute(project, name="公开招标", type="boolean")
    case = make_case(project)
    attribute_value_set(case=case, attribute=tendered, value=True)
    client.force_login(viewer)
    detail = zh_page(client, f"/projects/{project.pk}/cases/{case.pk}/")
    assert "<th scope=\"row\">公开招标</th><td>是</td>" in detail and ">true<" not in detail
    grid = zh_page(client, f"/projects/{project.pk}/cases/")
    assert "true" not in grid[grid.index('id="case-grid"') :].split("</table>")[0]


def test_metadata_fields_are_offered_by_their_names_in_the_interface_language(client, editor, owner, project):
    make_document(project, owner, extra_metadata={"访谈人": "小李"})
    client.force_login(editor)
    page = zh_page(client, f"/projects/{project.pk}/cases/")
    assert '<option value="interview_date">访谈日期</option>' in page
    assert '<option value="interviewee_role">受访者身份</option>' in page
    assert '<option value="访谈人">访谈人</option>' in page
    assert ">interview_date<" not in page and ">place<" not in page
