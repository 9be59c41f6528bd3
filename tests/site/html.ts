// Auto-escaping HTML templates and the shared page layout.

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function renderPart(p: Part): string {
  if (p === null || p === undefined || p === false) return '';
  if (p instanceof Html) return p.value;
  if (Array.isArray(p)) return p.map(renderPart).join('');
  return escapeHtml(String(p));
}

/** Tagged template: interpolated values are escaped unless they are Html. */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0] ?? '';
  parts.forEach((p, i) => {
    out += renderPart(p) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** For trusted markup and for JSON embedded in <script> (escaped by jsonForScript). */
export function raw(s: string): Html {
  return new Html(s);
}

/** JSON that is safe inside an inline <script>. */
export function jsonForScript(value: unknown): Html {
  return raw(JSON.stringify(value).replace(/</g, '\\u003c'));
}

export const SITE_NAME = 'Twofold Test Site';

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, sans-serif; }
  body { margin: 0; background: #f3f4f6; color: #111827; }
  header { background: #1f2937; color: #fff; padding: .75rem 1.5rem; font-weight: 600; }
  header a { color: inherit; text-decoration: none; }
  main { max-width: 26rem; margin: 3rem auto; background: #fff; border-radius: .5rem; padding: 2rem; box-shadow: 0 1px 3px #0002; }
  main.wide { max-width: 44rem; }
  body.frame { background: #fff; }
  main.frame { margin: 0; max-width: none; box-shadow: none; padding: 1rem; }
  h1 { font-size: 1.4rem; margin-top: 0; }
  label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
  input:not([type=hidden]) { font: inherit; padding: .5rem; border: 1px solid #9ca3af; border-radius: .375rem; width: 100%; box-sizing: border-box; }
  button { font: inherit; margin-top: 1rem; padding: .55rem 1.2rem; border: 0; border-radius: .375rem; background: #2563eb; color: #fff; cursor: pointer; }
  [role=alert] { color: #b91c1c; background: #fef2f2; padding: .5rem .75rem; border-radius: .375rem; }
  .muted { color: #6b7280; font-size: .9rem; }
  .otp-boxes { display: flex; gap: .5rem; }
  .otp-boxes input { width: 2.6rem; text-align: center; font-size: 1.4rem; }
  iframe { width: 100%; height: 19rem; border: 1px solid #e5e7eb; border-radius: .375rem; }
  code { background: #f3f4f6; padding: .1rem .3rem; border-radius: .25rem; }
  table { border-collapse: collapse; } td, th { text-align: left; padding: .25rem .75rem .25rem 0; vertical-align: top; }
`;

export function layout(opts: { title: string; body: Html; wide?: boolean; bare?: boolean }): string {
  // `bare` is for documents shown inside iframes: no site chrome.
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · ${SITE_NAME}</title>
<style>${raw(STYLE)}</style>
</head>
<body class="${opts.bare ? 'frame' : ''}">
${opts.bare ? null : html`<header><a href="/">${SITE_NAME}</a></header>`}
<main class="${opts.bare ? 'frame' : opts.wide ? 'wide' : ''}">${opts.body}</main>
</body>
</html>
`.value;
}

export function errorAlert(message: string | null | undefined): Html | null {
  return message ? html`<p role="alert" id="error">${message}</p>` : null;
}
