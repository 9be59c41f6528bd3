#!/usr/bin/env node
// Every user-facing string goes through browser.i18n (docs/i18n.md). This lint finds English left in the UI code:
// JSX text, and string literals in attributes people read (aria-label, title, placeholder, alt, label), and
// `textContent =` / `setAttribute('aria-label', …)` with a literal in DOM code. A line that must keep a literal (a
// brand name, a code sample) ends with `// i18n-ignore` and says why.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIRS = ['components', 'entrypoints', 'lib', 'platform'];
// Not user-facing: words the detector looks for on pages, in many languages.
const SKIP = ['lib/detect/'];
const LETTERS = /[A-Za-z]{2,}/;
const PATTERNS = [
  // Text between JSX tags on one line: `>Save<`, `> Copy the code </`.
  { re: />([^<>{}=;()]*)<\/?[A-Za-z]/g, group: 1, tsxOnly: true },
  // Text starting a line inside JSX, up to a tag or expression: `  Choose a file {name}`.
  { re: /^\s+([A-Z][a-z][^<>{}=;()]*?)\s*(?:[<{]|$)/gm, group: 1, tsxOnly: true, jsxLine: true },
  { re: /\b(?:aria-label|aria-description|title|placeholder|alt|label)=\s*"([^"]*)"/g, group: 1 },
  { re: /\b(?:aria-label|aria-description|title|placeholder|alt|label)=\{\s*['`]([^'`]*)['`]\s*\}/g, group: 1 },
  { re: /\.(?:textContent|title|placeholder|ariaLabel)\s*=\s*['`]([^'`]*)['`]/g, group: 1 },
  // A sentence in a string literal: a capital, then words (`'Could not read the file.'`, `\`${n} accounts\``).
  { re: /(?<![\w.])['`]([A-Z][a-z’']*(?:,)? [^'`\n]*[a-z…?.!:)][^'`\n]*)['`]/g, group: 1 },
  { re: /setAttribute\(\s*'(?:aria-label|title|placeholder|alt)'\s*,\s*['`]([^'`]*)['`]/g, group: 1 },
];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(tsx?|html)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

/** @returns {{ line: number, text: string }[]} literals a user would read */
export function untranslated(source, { tsx }) {
  const found = [];
  const lines = source.split('\n');
  for (const { re, group, tsxOnly, jsxLine } of PATTERNS) {
    if (tsxOnly && !tsx) continue;
    for (const m of source.matchAll(re)) {
      const text = m[group].trim();
      if (!LETTERS.test(text)) continue;
      const line = source.slice(0, m.index).split('\n').length + (jsxLine && m[0].startsWith('\n') ? 1 : 0);
      const whole = lines[line - 1] ?? '';
      if (whole.includes('i18n-ignore')) continue;
      if (jsxLine && !isJsxTextLine(whole)) continue;
      found.push({ line, text });
    }
  }
  return found;
}

/** A line that is plain JSX text, not code: no statement punctuation, not a comment. */
function isJsxTextLine(line) {
  const s = line.trim();
  return (
    !/^(\/\/|\*|\/\*|import|export|const|let|return|if|case|type|interface|function)\b/.test(s) && !/[;:=]/.test(s)
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(import.meta.url), '../..');
  let count = 0;
  for (const dir of DIRS) {
    for (const file of files(join(root, dir))) {
      if (SKIP.some((s) => relative(root, file).startsWith(s))) continue;
      const source = readFileSync(file, 'utf8');
      for (const { line, text } of untranslated(source, { tsx: /\.(tsx|html)$/.test(file) })) {
        console.error(`${relative(root, file)}:${line}: not translated: ${JSON.stringify(text.slice(0, 60))}`);
        count++;
      }
    }
  }
  if (count > 0) {
    console.error(`${count} user-facing literal(s) bypass browser.i18n (see docs/i18n.md).`);
    process.exit(1);
  }
}
