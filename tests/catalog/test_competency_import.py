"""Importing competencies from CSV: a preview first, then all rows or none; each problem named by line."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from microcred.catalog import services
from microcred.catalog.models import Competency
from microcred.core.csvfile import MAX_CSV_BYTES, read_csv
from microcred.core.errors import InvalidInput, NotAllowed

GOOD = (
    "code,name,description,url\n"
    "IPC-1,Soldering,Joins parts with solder,https://ipc.org/1\n"  # existing, name the same but more details
    "IPC-2,Wire harness assembly,,\n"  # existing, unchanged
    "IPC-3,Cable assembly,Builds cable assemblies,\n"  # new
)


@pytest.fixture
def framework(framework):
    """The institution's framework, with IPC-2 already exactly as the file has it."""
    framework.competencies.filter(code="IPC-2").update(description="", url="")
    framework.competencies.filter(code="IPC-1").update(description="", url="")
    return framework


def upload(client, institution, framework, content: bytes, name: str = "competencies.csv"):
    return client.post(
        reverse("catalog:competency-import", args=[institution.slug, framework.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def confirm(client, institution, framework, text: str):
    return client.post(
        reverse("catalog:competency-import", args=[institution.slug, framework.pk]),
        {"confirm": "1", "csv_text": text},
        follow=True,
    )


def state(framework) -> dict[str, tuple[str, str, str]]:
    return {c.code: (c.name, c.description, c.url) for c in framework.competencies.all()}


def test_the_preview_says_what_each_row_would_do_and_writes_nothing(client_as, institution, framework):
    before = state(framework)
    response = upload(client_as("admin"), institution, framework, GOOD.encode())
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    assert [(row.line, row.code, row.action) for row in result.rows] == [
        (2, "IPC-1", "update"),
        (3, "IPC-2", "unchanged"),
        (4, "IPC-3", "create"),
    ]
    assert state(framework) == before
    html = response.content.decode()
    assert "Import these rows" in html
    assert response.context["csv_text"] == GOOD


def test_confirming_the_preview_imports_every_row(client_as, institution, framework):
    admin = client_as("admin")
    preview = upload(admin, institution, framework, GOOD.encode())
    response = confirm(admin, institution, framework, preview.context["csv_text"])
    assert response.redirect_chain[-1][0] == reverse(
        "catalog:framework", args=[institution.slug, framework.pk]
    )
    assert "Imported: 1 added, 1 updated, 1 unchanged." in [str(m) for m in response.context["messages"]]
    assert state(framework) == {
        "IPC-1": ("Soldering", "Joins parts with solder", "https://ipc.org/1"),
        "IPC-2": ("Wire harness assembly", "", ""),
        "IPC-3": ("Cable assembly", "Builds cable assemblies", ""),
    }


def test_importing_the_same_file_again_changes_nothing(people, framework):
    services.import_competencies(actor=people["admin"], framework=framework, data=GOOD.encode())
    after_first = state(framework)
    again = services.import_competencies(actor=people["admin"], framework=framework, data=GOOD.encode())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert state(framework) == after_first


def test_a_byte_order_mark_and_windows_line_ends_are_fine(people, framework):
    data = "\ufeffCode,Name\r\nNEW-1,Reading schematics\r\n".encode()
    result = services.import_competencies(actor=people["admin"], framework=framework, data=data)
    assert result.created == 1
    assert framework.competencies.filter(code="NEW-1").exists()


def test_blank_lines_are_skipped_and_lines_keep_their_numbers(people, framework):
    data = b"code,name\n\nNEW-1,One\n,\nNEW-2,\n"
    with pytest.raises(InvalidInput) as error:
        services.preview_competency_import(actor=people["admin"], framework=framework, data=data)
    assert [str(p) for p in error.value.problems] == ["line 5: the name is empty"]


BAD_FILES = {
    "missing column": (
        b"code,description\nX-1,Something\n",
        ["line 1: the column 'name' is missing (required: code, name)"],
    ),
    "unknown column": (
        b"code,name,colour\nX-1,Something,red\n",
        ["line 1: unknown column 'colour' (known: code, description, name, url)"],
    ),
    "duplicate code": (
        b"code,name\nX-1,First\nX-2,Second\nX-1,Third\n",
        ["line 4: code 'X-1' appears again (first on line 2)"],
    ),
    "empty name and code": (
        b"code,name\nX-1,\n,Nameless\n",
        ["line 2: the name is empty", "line 3: the code is empty"],
    ),
    "bad url": (
        b"code,name,url\nX-1,One,javascript:alert(1)\nX-2,Two,https://\n",
        [
            "line 2: url 'javascript:alert(1)' is not an http(s) address",
            "line 3: url 'https://' is not an http(s) address",
        ],
    ),
    "name of another code": (
        b"code,name\nX-1,Soldering\n",
        ["line 2: the name 'Soldering' is already used by code 'IPC-1'"],
    ),
    "wrong number of values": (b"code,name\nX-1,One,extra\n", ["line 2: 3 values where the header has 2"]),
    "not UTF-8": ("code,name\nX-1,Résumé writing\n".encode("latin-1"), ["file: the file is not UTF-8 text"]),
    "empty file": (b"", ["file: the file is empty; the first line must name the columns"]),
    "header only": (b"code,name\n", ["file: the file has a header but no rows"]),
    "too large": (
        b"code,name\n" + b"X-1,One\n" * (MAX_CSV_BYTES // 8 + 1),
        ["file: the file is larger than 5 MB"],
    ),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_file_with_any_wrong_row_imports_nothing_and_names_each_problem(
    client_as, institution, framework, case
):
    content, expected = BAD_FILES[case]
    # a good row alongside the wrong ones: it is not imported either
    good_row = b"OK-1,A good row\n" if content.startswith(b"code,name\n") and case != "header only" else b""
    before = state(framework)
    response = upload(client_as("admin"), institution, framework, content + good_row)
    assert response.status_code == 400
    shown = [str(p) for p in response.context["problems"]]
    assert len(shown) == len(expected)
    for problem, start in zip(shown, expected, strict=True):
        assert problem.startswith(start)
    assert "Nothing was imported." in response.content.decode()
    assert state(framework) == before


@pytest.mark.parametrize("case", ["duplicate code", "empty name and code", "bad url"])
def test_confirming_a_wrong_file_imports_nothing(client_as, institution, framework, case):
    before = state(framework)
    response = client_as("admin").post(
        reverse("catalog:competency-import", args=[institution.slug, framework.pk]),
        {"confirm": "1", "csv_text": (BAD_FILES[case][0] + b"OK-1,Fine\n").decode()},
    )
    assert response.status_code == 400
    assert state(framework) == before
    assert not Competency.objects.filter(code="OK-1").exists()


def test_no_file_chosen_says_so(client_as, institution, framework):
    response = client_as("admin").post(
        reverse("catalog:competency-import", args=[institution.slug, framework.pk]), {}, follow=True
    )
    assert "Choose a CSV file to import." in [str(m) for m in response.context["messages"]]


def test_an_institution_admin_cannot_import_into_nace(people, nace):
    with pytest.raises(NotAllowed):
        services.import_competencies(actor=people["admin"], framework=nace, data=b"code,name\nNACE-X,Extra\n")
    assert nace.competencies.count() == 8


def test_the_csv_reader_keeps_values_trimmed_and_columns_case_insensitive():
    (row,) = read_csv(b" Code , NAME \n  X-1 ,  Spaced out  \n", required=("code", "name"))
    assert row.line == 2
    assert row.values == {"code": "X-1", "name": "Spaced out"}


def test_the_csv_reader_reports_a_repeated_column():
    with pytest.raises(InvalidInput) as error:
        read_csv(b"code,name,name\nX,Y,Z\n", required=("code", "name"))
    assert [str(p) for p in error.value.problems] == ["line 1: a column name appears twice"]


@pytest.mark.parametrize(
    "data",
    [b'code,name\nX,"unterminated\nY,swallowed\n', b'code,name\nX,"a"b\n'],
    ids=["unterminated quote", "text after a quote"],
)
def test_the_csv_reader_refuses_a_stray_quote_instead_of_swallowing_rows(data):
    with pytest.raises(InvalidInput) as error:
        read_csv(data, required=("code", "name"))
    (problem,) = error.value.problems
    assert problem.where == "file"
    assert problem.message.startswith("line ")


def test_a_large_file_within_the_limit_can_be_previewed_and_then_imported(client_as, institution, framework):
    description = "A long description. " * 140
    rows = "".join(f"BIG-{i},Competency {i},{description}\n" for i in range(1_000))
    text = "code,name,description\n" + rows
    assert 2.5 * 1024 * 1024 < len(text) < MAX_CSV_BYTES
    admin = client_as("admin")
    preview = upload(admin, institution, framework, text.encode())
    assert preview.status_code == 200
    assert preview.context["result"].created == 1_000
    assert 'enctype="multipart/form-data"' in preview.content.decode()
    response = confirm(admin, institution, framework, preview.context["csv_text"])
    assert response.status_code == 200
    assert framework.competencies.filter(code__startswith="BIG-").count() == 1_000
