/** The inline stylesheet of report.html: no fonts, images or URLs, light and dark. */
export const HTML_STYLE = `
:root {
  color-scheme: light dark;
  --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --line: #d1d9e0; --head: #f6f8fa;
  --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --inapplicable: #59636e;
  --inconclusive: #8250df; --error: #bc4c00; --not-covered: #818b98;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --head: #151b23;
    --pass: #3fb950; --fail: #f85149; --warn: #d29922; --inapplicable: #9198a1;
    --inconclusive: #ab7df8; --error: #f0883e; --not-covered: #656c76;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 110rem; color: var(--fg);
  background: var(--bg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
}
h1 { font-size: 1.5rem; margin: 0.5rem 0; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 0 0 0.5rem; }
h4 { font-size: 0.95rem; margin: 0.75rem 0 0.25rem; }
a { color: inherit; }
code, pre, .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; margin: 0.5rem 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
ul.summary { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; }
ul.summary li { padding: 0.3rem 0.8rem; border-radius: 0.4rem; border: 2px solid currentColor; }
ul.summary b { font-size: 1.2rem; margin-right: 0.3rem; }
ul.summary .zero { opacity: 0.45; }
nav { margin: 0.5rem 0; }
ul.attention { margin: 0.3rem 0; padding-left: 1.2rem; columns: 18rem; }
table { border-collapse: collapse; width: 100%; margin: 0.25rem 0; }
th, td { border: 1px solid var(--line); padding: 0.2rem 0.45rem; text-align: left; vertical-align: top; }
th { background: var(--head); position: sticky; top: 0; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.reason { overflow-wrap: anywhere; }
.v { font-weight: 600; white-space: nowrap; }
.v-pass { color: var(--pass); } .v-fail { color: var(--fail); } .v-warn { color: var(--warn); }
.v-inapplicable { color: var(--inapplicable); } .v-inconclusive { color: var(--inconclusive); }
.v-error { color: var(--error); } .v-not-covered { color: var(--not-covered); font-style: italic; }
.o-failed { color: var(--fail); } .o-error { color: var(--error); } .o-skipped { color: var(--muted); }
article.case { border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 0.3rem;
  padding: 0.6rem 0.9rem; margin: 0.8rem 0; }
article.c-pass { border-left-color: var(--pass); } article.c-fail { border-left-color: var(--fail); }
article.c-warn { border-left-color: var(--warn); } article.c-error { border-left-color: var(--error); }
article.c-inapplicable { border-left-color: var(--inapplicable); }
article.c-inconclusive { border-left-color: var(--inconclusive); }
article.case:target { outline: 2px solid var(--fg); }
ul.msgs { margin: 0; padding-left: 1.1rem; }
summary { cursor: pointer; }
pre { margin: 0.3rem 0; padding: 0.5rem; background: var(--head); border: 1px solid var(--line);
  overflow: auto; max-height: 40rem; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12px; }
.muted, .size { color: var(--muted); }
.note { color: var(--warn); font-style: italic; }
footer { margin-top: 2rem; color: var(--muted); font-size: 0.85rem; }
`;
