"""The analysis pages: table, heat map, bars and download links; errors shown; outsiders get 404."""

import pytest

from analysis.matrices import errors

PAGES = [
    "analysis/",
    "analysis/matrices/case-code-matrix/",
    "analysis/matrices/document-code-matrix/?measure=share",
    "analysis/matrices/cooccurrence/?mode=near&distance=3",
    "analysis/matrices/code-attribute/",
    "analysis/passages/",
]


def page(study, path):
    return f"/projects/{study.project.pk}/{path}"


@pytest.mark.parametrize("path", PAGES)
def test_a_viewer_sees_every_page_and_an_outsider_gets_404(study, client, viewer, outsider, path):
    client.force_login(viewer)
    assert client.get(page(study, path)).status_code == 200
    client.force_login(outsider)
    assert client.get(page(study, path)).status_code == 404


def test_anonymous_users_are_sent_to_log_in(study, client):
    response = client.get(page(study, "analysis/matrices/case-code-matrix/"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_matrix_is_404(study, client, viewer):
    client.force_login(viewer)
    assert client.get(page(study, "analysis/matrices/code-weather/")).status_code == 404


def test_the_matrix_page_shows_figures_charts_and_downloads(study, client, viewer):
    client.force_login(viewer)
    response = client.get(
        page(study, f"analysis/matrices/case-code-matrix/?measure=characters&chart={study.b.pk}")
    )
    html = response.content.decode()
    assert '<td style="background:rgba(47,93,138,1.000);color:#fff">18</td>' in html
    pid = study.project.pk
    for fmt in ["csv", "xlsx", "svg"]:
        assert (
            f'href="/api/projects/{pid}/exports/case-code-matrix.{fmt}?measure=characters&amp;chart={study.b.pk}"'
            in html
        )
    assert html.count("<svg") == 2  # bars for B, then the heat map


def test_a_bad_parameter_is_shown_on_the_page(study, client, viewer):
    client.force_login(viewer)
    html = client.get(page(study, "analysis/matrices/case-code-matrix/?measure=weight")).content.decode()
    message = errors.UNKNOWN_MEASURE.format(
        value="weight", choices="count, presence, characters, share, documents"
    )
    assert '<p class="error" role="alert">' in html
    assert str(message).replace("“", "&ldquo;") in html or str(message) in html


def test_the_passages_page_lists_passages_with_links(study, client, viewer):
    client.force_login(viewer)
    html = client.get(page(study, f"analysis/passages/?code={study.b.pk}&context=1")).content.decode()
    assert html.count('class="passage"') == 3
    assert f"/projects/{study.project.pk}/documents/{study.d3.pk}/#coding-" in html


def test_the_project_page_links_to_the_analysis_pages(study, client, viewer):
    client.force_login(viewer)
    html = client.get(f"/projects/{study.project.pk}/").content.decode()
    assert f'href="/projects/{study.project.pk}/analysis/"' in html


def test_the_passages_page_stops_at_its_limit(study, client, viewer, monkeypatch):
    from analysis.matrices import views

    monkeypatch.setattr(views, "PAGE_PASSAGES", 4)
    client.force_login(viewer)
    html = client.get(page(study, "analysis/passages/")).content.decode()
    # In document order the first four are d1's: A [0,5), A [3,8), B [4,12), A1 [10,14).
    assert html.count('class="passage"') == 4
    assert "The page shows the first 4 passages" in html
    assert f'id="passage-{study.d2.codings.first().pk}"' not in html


def test_the_attribute_page_starts_with_the_first_attribute(study, client, viewer):
    client.force_login(viewer)
    html = client.get(page(study, "analysis/matrices/code-attribute/")).content.decode()
    assert 'role="alert"' not in html
    assert f"exports/code-attribute.csv?attribute={study.district.pk}" in html
    assert "<svg" in html


def test_names_are_escaped_in_the_table_and_the_charts(project, owner, coder, client, viewer):
    from tests.factories import make_case, make_code, make_coding, make_document

    code = make_code(project, name="<img src=x onerror=alert(1)>")
    case = make_case(project, name="<b>案例</b>")
    make_coding(make_document(project, owner, case=case), code, coder)
    client.force_login(viewer)
    html = client.get(f"/projects/{project.pk}/analysis/matrices/case-code-matrix/").content.decode()
    assert "<img src=x" not in html and "<b>案例</b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;b&gt;案例&lt;/b&gt;" in html


def test_chosen_codes_are_the_only_columns(study, client, viewer):
    client.force_login(viewer)
    url = page(study, f"analysis/matrices/cooccurrence/?code={study.a.pk}&code={study.b.pk}")
    html = client.get(url).content.decode()
    header = html.split("<thead>")[1].split("</thead>")[0]
    assert header.count("<th title=") == 2
    assert f'<option value="{study.a.pk}" selected>' in html
