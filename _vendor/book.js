// Accessible names that match what a reader sees (WCAG 2.5.3, "label in name").
// The theme and myst-nb give some controls an aria-label that differs from their
// visible text; without the label, the visible text becomes the name.
(function () {
  function fixLabels() {
    document
      .querySelectorAll(".search-button-field[aria-label]")
      .forEach((el) => el.removeAttribute("aria-label"));
    document
      .querySelectorAll('details > summary[aria-label="Toggle hidden content"]')
      .forEach((el) => el.removeAttribute("aria-label"));
    // The colour-mode button is named by its aria-label; its icons are decoration.
    document
      .querySelectorAll(".theme-switch-button .theme-switch, .theme-switch-button svg")
      .forEach((el) => {
        el.setAttribute("aria-hidden", "true");
        el.removeAttribute("title");
      });
    document
      .querySelectorAll(".theme-switch-button svg title")
      .forEach((el) => el.remove());
  }
  document.addEventListener("DOMContentLoaded", fixLabels);
  window.addEventListener("load", fixLabels);
})();

// The page's own fixes, in one scope so that their names stay private.
(function () {
  // The menu and contents buttons. The theme draws each sidebar button twice (one in
  // the site header, hidden, and one in the article header, visible) and its scripts
  // listen only to the first one of each in the page, so the visible buttons did
  // nothing. Each visible button passes its click on to the button that is listened to.
  function forwardToggles() {
    ["primary", "secondary"].forEach((side) => {
      const listened = document.querySelector(`.${side}-toggle`);
      if (!listened) return;
      document.querySelectorAll(`.${side}-toggle`).forEach((button) => {
        if (button === listened || button.dataset.forwarded) return;
        button.dataset.forwarded = "true";
        button.addEventListener("click", (event) => {
          event.preventDefault();
          listened.click();
          button.blur();
        });
      });
    });
  }

  // Tables on a phone: each row becomes a small card, every cell under its column's
  // name, instead of three columns of two words a line. The column names are copied
  // onto the cells here; the layout is in book.css. Without scripts a table scrolls
  // inside its own box.
  function labelCells() {
    document.querySelectorAll("article table").forEach((table) => {
      const names = [...table.querySelectorAll("thead th")].map((th) =>
        th.textContent.trim(),
      );
      if (names.length < 2) return;
      table.querySelectorAll("tbody tr").forEach((row) => {
        [...row.children].forEach((cell, k) => {
          if (names[k]) cell.dataset.label = names[k];
        });
      });
      table.classList.add("book-stackable");
    });
  }

  // Printed columns (a table printed by a cell) keep their rows: an output with two or
  // more lines aligned by runs of spaces does not wrap (book.css).
  const ALIGNED = /\S {2,}\S/;
  function markColumns() {
    document.querySelectorAll("div.cell_output pre").forEach((pre) => {
      const lines = pre.textContent.split("\n").filter((line) => ALIGNED.test(line));
      if (lines.length >= 2) pre.classList.add("book-columns");
    });
  }

  // On a phone the sidebar with the book's name is folded away: a line above the
  // article names the book, linked to its start page (book.css shows it on narrow
  // screens only).
  function addTitle() {
    const article = document.querySelector("article.bd-article");
    const brand = document.querySelector(".navbar-brand");
    if (!article || !brand || document.querySelector(".book-title-mobile")) return;
    const link = document.createElement("a");
    link.className = "book-title-mobile";
    link.href = brand.getAttribute("href");
    link.textContent = brand.textContent.trim();
    article.prepend(link);
  }

  // An inline formula wider than the text column cannot wrap: let it scroll on its
  // own (book.css) rather than run past the edge, on load and when the width changes.
  function markWide() {
    document.querySelectorAll('mjx-container:not([display="true"])').forEach((math) => {
      math.classList.remove("book-wide-inline");
      math.removeAttribute("tabindex");
      const column = math.closest("p, li, td, div") || math.parentElement;
      if (math.getBoundingClientRect().width > column.clientWidth) {
        math.classList.add("book-wide-inline");
        // A box that scrolls must be reachable from the keyboard.
        math.setAttribute("tabindex", "0");
      }
    });
  }

  // A figure drawn wider than it is shown (every figure on a phone, where a figure
  // drawn for the laptop's column shrinks to half) shows at its full size when the
  // reader taps it, in a box that scrolls sideways, and fits the column again at the
  // next tap. Its text is then as large as it was drawn.
  const ZOOM = "div.cell_output img";
  function markZoomable() {
    document.querySelectorAll(ZOOM).forEach((img) => {
      const pressed = img.getAttribute("aria-pressed") === "true";
      const shrunk = img.naturalWidth > img.getBoundingClientRect().width * 1.1;
      if (shrunk || pressed) {
        if (!img.classList.contains("book-zoomable")) {
          img.classList.add("book-zoomable");
          img.setAttribute("role", "button");
          img.setAttribute("tabindex", "0");
          img.setAttribute("aria-pressed", "false");
          img.title = "Show at full size (again: fit the column)";
        }
      } else if (img.classList.contains("book-zoomable")) {
        img.classList.remove("book-zoomable");
        ["role", "tabindex", "aria-pressed", "title"].forEach((a) => img.removeAttribute(a));
      }
    });
  }
  function toggleZoom(event) {
    const img = event.target.closest && event.target.closest("img.book-zoomable");
    if (!img) return;
    if (event.type === "keydown" && event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    const full = img.getAttribute("aria-pressed") !== "true";
    img.setAttribute("aria-pressed", String(full));
    img.parentElement.classList.toggle("book-zoomed", full);
    if (full) img.style.width = `${img.naturalWidth}px`;
    else img.style.removeProperty("width");
  }
  document.addEventListener("click", toggleZoom);
  document.addEventListener("keydown", toggleZoom);

  // The fixes that need the page read run once it is (at once when it already is);
  // the formulas' widths are measured once everything has loaded, and again when
  // the width changes.
  const fixes = [forwardToggles, labelCells, markColumns, addTitle];
  const ready = () => fixes.forEach((fix) => fix());
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
  window.addEventListener("load", markWide);
  window.addEventListener("resize", markWide);
  window.addEventListener("load", markZoomable);
  window.addEventListener("resize", markZoomable);
})();
