// Typesets the website's formulas when the site is built, so that a page carries its
// mathematics as MathJax CommonHTML and loads no MathJax JavaScript (see
// _ext/site_math.py, which starts this process once per build).
//
// Protocol: one JSON request per line on stdin,
//   {"font_url": "../_static/mathjax/output/chtml/fonts/woff-v2",
//    "formulas": [["x^2", false], ["\\begin{align}...\\end{align}", true], ...]}
// and one JSON answer per line on stdout,
//   {"html": ["<mjx-container ...>", ...], "css": "...", "errors": ["...", ...]}
// The CSS covers only the characters of that request's formulas. Each formula also
// carries hidden MathML for screen readers, as the MathJax served in the browser does.
"use strict";

const readline = require("readline");
const { mathjax } = require("mathjax-full/js/mathjax.js");
const { TeX } = require("mathjax-full/js/input/tex.js");
const { CHTML } = require("mathjax-full/js/output/chtml.js");
const { liteAdaptor } = require("mathjax-full/js/adaptors/liteAdaptor.js");
const { RegisterHTMLHandler } = require("mathjax-full/js/handlers/html.js");
const { AssistiveMmlHandler } = require("mathjax-full/js/a11y/assistive-mml.js");
require("mathjax-full/js/input/tex/AllPackages.js");

const PACKAGES = [
  "base", "ams", "newcommand", "configmacros", "boldsymbol",
  "cancel", "color", "bbox", "mathtools", "cases", "braket", "gensymb", "upgreek",
];

const adaptor = liteAdaptor();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));

function typeset(request) {
  const tex = new TeX({ packages: PACKAGES });
  const chtml = new CHTML({ fontURL: request.font_url, adaptiveCSS: true });
  const doc = mathjax.document("", { InputJax: tex, OutputJax: chtml });
  const html = [];
  const errors = [];
  for (const [source, display] of request.formulas) {
    const node = doc.convert(source, { display });
    const text = adaptor.outerHTML(node);
    if (text.includes("data-mjx-error") || text.includes("<mjx-merror")) {
      const error = /data-mjx-error="([^"]*)"/.exec(text);
      errors.push(`${error ? error[1] : "TeX error"}: ${source}`);
    }
    html.push(text);
  }
  const css = adaptor.textContent(chtml.styleSheet(doc));
  return { html, css, errors };
}

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  let answer;
  try {
    answer = typeset(JSON.parse(line));
  } catch (error) {
    answer = { error: String(error && error.stack ? error.stack : error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});
