"""On the website a solution is labelled "Solution" and shows no Colab form line."""

from __future__ import annotations

from sitekit import built_soup


def test_solutions_are_labelled_and_show_no_form_line(chapter_path):
    soup = built_soup(chapter_path)
    cells = soup.select("div.cell.tag_solution")
    assert cells, f"{chapter_path}: no solution cells found"
    for cell in cells:
        label = cell.select_one("summary .collapsed")
        assert label is not None, f"{chapter_path}: a solution cell is not collapsed"
        assert label.get_text(strip=True) == "Solution", label.get_text(strip=True)
        code = cell.select_one("div.cell_input pre")
        assert code is not None
        assert "@title" not in code.get_text(), (
            f"{chapter_path}: a solution shows its Colab form line: "
            f"{code.get_text()[:60]!r}"
        )
