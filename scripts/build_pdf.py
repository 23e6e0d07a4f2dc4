"""Build the printable PDF of the whole book: ``make pdf`` -> ``_build/pdf/book.pdf``.

The route (CONTRIBUTING, "The PDF"): Jupyter Book's ``singlehtml`` builder writes every
page of ``_toc.yml`` into one HTML document, in order, with the links between pages
turned into links within the document; the chapters are executed afresh for it with
figures in SVG, so that they print as vector graphics at any resolution. Chromium, the
browser the website tests already drive, then prints that document to PDF, after a
few changes that only make sense on paper:

- the solutions, hidden behind a click on the website, are moved out of the text and
  printed open, at the end of their chapter, under "Solutions to chapter N";
- an interactive figure keeps the still image its player starts with, with a note
  that the website has the interactive version;
- the website's navigation goes, and every page of the PDF is numbered;
- nothing scrolls: a long code cell, output or table breaks across pages rather than
  moving whole to the next one and leaving a page half empty (a short one stays on
  one page, and a figure is at most 115 mm high).

A table of contents opens the PDF, and its outline (bookmarks) lists every chapter and
section. Everything comes from the package registries and works offline.

Usage: ``python scripts/build_pdf.py [--output PATH] [--site-copy PATH | --no-site-copy]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from browser import MISSING, chromium_path
from stale_runs import forget_stale_runs

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "_build" / "pdf-src"
OUTPUT = ROOT / "_build" / "pdf" / "book.pdf"
SITE_COPY = ROOT / "_build" / "html" / "book.pdf"

# The chapters run with figures in SVG: vector graphics, sharp at any print size; an
# interactive figure's still image (a picture, not a drawing) at twice the website's
# resolution, 1376 pixels across the printed text's 170 mm.
KERNEL_CONFIG = (
    'c.InlineBackend.figure_formats = {"svg"}\n'
    "c.InteractiveShellApp.exec_lines = [\n"
    '    "import helpers.figures.base as _base; _base.FRAME_DPI *= 2; del _base"\n'
    "]\n"
)

# What the website shows but paper does not need, and how the printed page looks.
PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
html, body { background: white !important; }
.bd-header, .bd-header-article, .bd-sidebar-primary, .bd-sidebar-secondary,
.prev-next-area, .bd-footer, .bd-footer-content, .bd-footer-article, .headerlink,
.skip-link, #pst-back-to-top, .toggle-button, .copybtn, .search-button__wrapper,
.header-article-items, .anim-controls, .anim-still-note, .nbval-only {
  display: none !important;
}
.bd-main .bd-content .bd-article-container { max-width: 100% !important; }
.bd-page-width { max-width: 100% !important; }
.bd-container, .bd-main, .bd-content, .bd-article-container, .bd-article {
  display: block !important; padding: 0 !important; margin: 0 !important;
}
body { font-size: 10.5pt; }
div.cell_input pre, div.cell_output pre { font-size: 8.5pt; }
/* Code and its output break between lines when they must (a box that scrolls on the
   website cannot break across pages, so on paper nothing scrolls): a long cell that
   moved whole to the next page would leave most of a page empty. A short one, which
   KEEP_SHORT_BLOCKS marks, stays on one page; a broken one leaves at least three lines
   on each side. A line too long for the page wraps rather than being cut off. */
pre, div.highlight, .pst-scrollable-table-container, div.cell_output {
  overflow: visible !important;
}
div.cell_input pre, div.cell_output pre {
  white-space: pre-wrap; overflow-wrap: anywhere; orphans: 3; widows: 3;
}
div[class*="highlight"], div.cell_input, div.cell_output, pre {
  break-inside: auto !important;
}
div.cell_input.pdf-keep, div.cell_output.pdf-keep { break-inside: avoid !important; }
img, svg { max-width: 100% !important; height: auto; }
h1, h2, h3, h4, h5 { break-after: avoid; }
section[data-doc] { break-before: page; }
.pdf-still-note { font-size: 9pt; font-style: italic; color: #444; margin: 0.3em 0; }
.pdf-solutions > h4 { break-before: page; }
a { color: inherit; }
.pdf-solutions h5 a { text-decoration: none; }
/* Only for the website (a sentence that offers this PDF, for instance). */
.web-only, .book-title-mobile { display: none !important; }
/* A figure at most about 45 % of a page high: when it does not fit below the text,
   the page it leaves is still more than half full. */
div.cell_output img, div.cell_output svg { max-height: 115mm; width: auto; }
/* Tables in a smaller type, so that their columns keep whole words; a long table
   breaks between rows, its header row repeated on each page. */
table { font-size: 8.5pt; max-width: 100%; break-inside: auto !important; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
table td, table th { padding: 0.25em 0.4em !important; }
/* The text of each formula, invisible and one pixel high, in the reading order: the
   typeset formula itself is drawn from font glyphs that a PDF reader cannot search
   or copy. */
.pdf-math-text { color: transparent; font-size: 1px; letter-spacing: 0; }
/* The title page. */
.pdf-title-page { break-after: page; text-align: center; padding-top: 60mm; }
.pdf-title-page h1 { font-size: 26pt; margin-bottom: 10mm; }
.pdf-title-page p { font-size: 12pt; margin: 3mm 0; }
"""

# Runs in the page once MathJax has typeset it.
PREPARE = r"""
({ site, title, author, version, date }) => {
  // The text of every formula, for search and copy (see .pdf-math-text).
  let formulas = 0;
  for (const item of MathJax.startup.document.math) {
    const root = item.typesetRoot;
    if (!root || !root.parentNode) continue;
    let text = item.math;
    try {
      const mml = MathJax.startup.toMML(item.root);
      text = new DOMParser().parseFromString(mml, "application/xml")
        .documentElement.textContent;
    } catch (error) {}
    const layer = document.createElement("span");
    layer.className = "pdf-math-text";
    layer.textContent = text.replace(/\s+/g, " ").trim();
    root.parentNode.insertBefore(layer, root);
    formulas += 1;
  }
  // A title page before everything else.
  const cover = document.createElement("section");
  cover.className = "pdf-title-page";
  for (const [tag, text] of [
    ["h1", title], ["p", author], ["p", "Version " + version], ["p", date], ["p", site],
  ]) {
    const line = document.createElement(tag);
    line.textContent = text;
    cover.appendChild(line);
  }
  // Before the page's container, which opens with the book's title and contents.
  const container = document.querySelector(".bd-container");
  if (container) container.parentNode.insertBefore(cover, container);
  else document.body.insertBefore(cover, document.body.firstChild);
  // Each page of the book follows an empty marker <span id="document-book/...">.
  const chapters = [];
  for (const mark of document.querySelectorAll('span[id^="document-book/"]')) {
    const section = mark.nextElementSibling;
    if (section && section.tagName === "SECTION") {
      section.dataset.doc = mark.id.replace("document-", "");
      chapters.push(section);
    }
  }
  let solutions = 0, players = 0;
  for (const chapter of chapters) {
    const cells = [...chapter.querySelectorAll("div.cell.tag_solution")];
    if (cells.length === 0) continue;
    const heading = chapter.querySelector("h1, h2, h3");
    const number = heading ? heading.textContent.trim().split(".")[0] : "";
    const box = document.createElement("section");
    box.className = "pdf-solutions";
    box.id = "pdf-solutions-" + number;
    const title = document.createElement("h4");
    title.textContent = "Solutions to chapter " + number;
    box.appendChild(title);
    for (const cell of cells) {
      // The exercise this solution belongs to: the nearest heading before it.
      const all = [...chapter.querySelectorAll("h1, h2, h3, h4, h5, h6")];
      const before = all.filter(
        (h) => h.compareDocumentPosition(cell) & Node.DOCUMENT_POSITION_FOLLOWING
      );
      const exercise = [...before].reverse().find((h) =>
        h.textContent.trim().startsWith("Exercise")
      );
      const name = exercise
        ? exercise.textContent.replace(/#$/, "").trim()
        : "Solution";
      const label = document.createElement("h5");
      label.textContent = name.replace(/^Exercise/, "Solution to exercise");
      if (exercise && exercise.parentElement.id) {
        const back = document.createElement("a");
        back.href = "#" + exercise.parentElement.id;
        back.textContent = label.textContent;
        label.textContent = "";
        label.appendChild(back);
      }
      const note = document.createElement("p");
      note.className = "pdf-solution-note";
      box.appendChild(label);
      // Out of its collapsible box (a box without its summary would print
      // "Details"); the build already dropped the line that names the Colab form
      // (_ext/solution_cells.py).
      for (const details of cell.querySelectorAll("details")) {
        const plain = document.createElement("div");
        for (const child of [...details.childNodes]) {
          if (child.nodeName !== "SUMMARY") plain.appendChild(child);
        }
        details.replaceWith(plain);
      }
      box.appendChild(cell);
      solutions += 1;
    }
    chapter.appendChild(box);
  }
  // On paper every collapsed answer is open.
  document.querySelectorAll("details").forEach((d) => d.setAttribute("open", ""));
  // Interactive figures: the still image the player starts with, and where the
  // interactive version is.
  for (const controls of document.querySelectorAll(".anim-controls")) {
    const player = controls.parentElement;
    const chapter = player.closest("section[data-doc]");
    const page = chapter ? chapter.dataset.doc + ".html" : "";
    const note = document.createElement("p");
    note.className = "pdf-still-note";
    note.textContent =
      "A still image of an interactive figure: the website has the interactive " +
      "version, at " + site + page + ".";
    player.appendChild(note);
    players += 1;
  }
  // Links between pages point inside this one document.
  for (const a of document.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href");
    if (/^[a-z]+:/i.test(href) && !href.startsWith("file:")) continue;
    const hash = href.includes("#") ? href.slice(href.lastIndexOf("#") + 1) : "";
    if (hash && document.getElementById(decodeURIComponent(hash))) {
      a.setAttribute("href", "#" + hash);
    }
  }
  return { solutions, players, formulas, chapters: chapters.length };
}
"""

# The printed page's text area, in CSS pixels: A4 less the margins of @page.
TEXT_WIDTH = round((210 - 2 * 16) / 25.4 * 96)
TEXT_HEIGHT = round((297 - 18 - 20) / 25.4 * 96)

# Runs with the print style applied, the window as wide as the printed text: a code
# cell or output at most this part of a page high is kept on one page (.pdf-keep).
# When it does not fit below the text, the page it leaves is still more than half
# full; a longer one breaks between its lines instead.
KEEP_SHORT_BLOCKS = r"""
(limit) => {
  let kept = 0;
  for (const block of document.querySelectorAll("div.cell_input, div.cell_output")) {
    if (block.getBoundingClientRect().height <= limit) {
      block.classList.add("pdf-keep");
      kept += 1;
    }
  }
  return kept;
}
"""
KEEP_FRACTION = 0.4

FOOTER = (
    '<div style="font-size:8pt;width:100%;text-align:center;color:#555;">'
    '<span class="pageNumber"></span></div>'
)


def run(command: list[str], env: dict | None = None) -> None:
    print("$", " ".join(command), flush=True)
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def build_single_html(jupyter_book: str) -> Path:
    """Every page in one HTML document, the chapters run with SVG figures."""
    forget_stale_runs(SOURCE / "_build")
    with tempfile.TemporaryDirectory() as ipython_dir:
        profile = Path(ipython_dir, "profile_default")
        profile.mkdir()
        (profile / "ipython_kernel_config.py").write_text(KERNEL_CONFIG)
        env = {**os.environ, "IPYTHONDIR": ipython_dir}
        run(
            [
                jupyter_book,
                "build",
                ".",
                "--builder",
                "singlehtml",
                "--path-output",
                str(SOURCE),
                "-W",
                "-n",
                "--keep-going",
            ],
            env=env,
        )
    # Sphinx writes the root page (book/intro.html) with paths relative to the
    # output folder (_static/..., _images/...): read it from there.
    out = SOURCE / "_build" / "singlehtml"
    page = out / "print.html"
    shutil.copyfile(out / "book" / "intro.html", page)
    return page


def title_page() -> dict:
    """What the title page says: the book, its authors, version and date of printing."""
    import datetime

    import yaml

    sys.path.insert(0, str(ROOT))
    from helpers import __version__

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return {
        "title": config.get("title", ""),
        "author": config.get("author", ""),
        "version": __version__,
        "date": datetime.date.today().strftime("%-d %B %Y"),
    }


def site_address() -> str:
    sys.path.insert(0, str(ROOT / "_ext"))
    import yaml
    from site_links import site_address_from_config

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return site_address_from_config(config) or ""


def print_pdf(page_file: Path, output: Path) -> dict:
    """Print the one-document book with Chromium, after the paper-only changes."""
    from playwright.sync_api import sync_playwright

    output.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        chromium = chromium_path()
        if chromium is None:
            raise SystemExit(MISSING)
        browser = p.chromium.launch(executable_path=chromium, headless=True)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(page_file.as_uri(), wait_until="load")
        page.wait_for_function(
            "window.MathJax && MathJax.startup && MathJax.startup.promise"
        )
        page.evaluate("MathJax.startup.promise")
        page.add_style_tag(content=PRINT_CSS)
        counts = page.evaluate(PREPARE, {"site": site_address(), **title_page()})
        page.emulate_media(media="print")
        page.set_viewport_size({"width": TEXT_WIDTH, "height": TEXT_HEIGHT})
        counts["kept"] = page.evaluate(KEEP_SHORT_BLOCKS, KEEP_FRACTION * TEXT_HEIGHT)
        page.pdf(
            path=str(output),
            format="A4",
            print_background=False,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=FOOTER,
            margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"},
            outline=True,
            tagged=True,
        )
        browser.close()
    if errors:
        raise SystemExit(f"the page raised errors while printing: {errors}")
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--site-copy",
        type=Path,
        default=SITE_COPY,
        help="also copy the PDF here when that folder exists (the built website)",
    )
    parser.add_argument(
        "--no-site-copy",
        action="store_true",
        help="do not copy it (make test builds the site meanwhile, and copies it after)",
    )
    args = parser.parse_args(argv)
    jupyter_book = str(Path(sys.executable).with_name("jupyter-book"))
    start = time.perf_counter()
    page_file = build_single_html(jupyter_book)
    counts = print_pdf(page_file, args.output)
    if not args.no_site_copy and args.site_copy.parent.is_dir():
        shutil.copyfile(args.output, args.site_copy)
        print(f"copied to {args.site_copy.relative_to(ROOT)}")
    size = args.output.stat().st_size / 1e6
    print(
        f"{args.output.relative_to(ROOT)}: {size:.1f} MB, {counts['chapters']} pages "
        f"of the book, {counts['solutions']} solutions, {counts['players']} "
        f"interactive figures as still images, {counts['formulas']} formulas with "
        f"their text, {counts['kept']} short code cells and outputs kept on one page, "
        f"in {time.perf_counter() - start:.0f} s"
    )


if __name__ == "__main__":
    main()
