import pytest

from konbit.core import tabular


def test_headers_match_whatever_their_case_spacing_or_accents():
    assert tabular.normalize_header("Date of Birth") == "date_of_birth"
    assert tabular.normalize_header("\ufeffDATE-OF-BIRTH ") == "date_of_birth"
    assert tabular.normalize_header("Spécialité") == "specialite"
    assert tabular.normalize_text("Cité-Soleil") == tabular.normalize_text("cite soleil")


def test_csv_rows_are_numbered_by_the_line_where_they_start():
    data = b'a,notes\n1,"two\nlines"\n2,plain\n'
    headers, rows = tabular.read_table(data, "t.csv")
    assert [row.number for row in rows] == [2, 4]
    assert rows[0].cells(headers)["notes"] == "two\nlines"


def test_bom_is_ignored_and_non_utf8_refused():
    assert tabular.read_table("\ufeffName\nx\n".encode(), "t.csv")[0] == ["name"]
    with pytest.raises(tabular.TableError) as refused:
        tabular.read_table("Name\nCit\xe9\n".encode("latin-1"), "t.csv")
    assert "UTF-8" in refused.value.problem.message


def test_formula_cells_round_trip():
    for value in ["=1+1", "+509", "-3", "@sum", "plain", "'quoted"]:
        assert tabular.unsafe_cell(tabular.safe_cell(value)) == value


def test_xlsx_round_trip_keeps_values_and_row_numbers():
    data = tabular.write_xlsx(["Name", "Note"], [["A", "=cmd"], ["B", "ok"]])
    headers, rows = tabular.read_table(data, "roster.xlsx")
    assert headers == ["name", "note"]
    assert [(r.number, r.cells(headers)["note"]) for r in rows] == [(2, "=cmd"), (3, "ok")]


def test_not_a_workbook_is_refused_plainly():
    with pytest.raises(tabular.TableError):
        tabular.read_table(b"PK\x03\x04garbage", "roster.xlsx")


def test_problem_lines_follow_the_convention():
    assert tabular.Problem(3, "sex", "must be F or M").line() == "row 3, column sex: must be F or M"
