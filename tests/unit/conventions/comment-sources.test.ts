/*
 * Comments anywhere in the project (lib/, entrypoints/, components/, platform/, scripts/, bench/, tests/,
 * wxt.config.ts and the popup's style sheet) give their reasons from the repository itself (docs/) or from public
 * sources (RFCs, upstream files, an upstream project's numbered GitHub issue written as owner/repo#N), never from
 * documents a reader cannot open: reference notes kept outside the repository (a "spec" section sign, a path into
 * the shared folder beside it) or the project's own issue-tracker texts (the word issue or finding followed by a
 * number). Such a citation tells a newcomer nothing; the reason belongs in the comment or in docs/ (see
 * docs/architecture.md "Attacks and their defences", docs/hardware-protocol.md, docs/import-formats.md,
 * docs/detection.md). Only comments are read: strings, identifiers and test titles may say anything (a test title may
 * name the issue it came from).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** What a comment must not cite, each with why. */
const FORBIDDEN: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /\bspec\s*("[^"]*"\s*)?§/i, why: 'a section of reference notes outside the repository' },
  { pattern: /\.\.\/shared\b|\bshared\/(specs|corpus)\b/i, why: 'a file outside the repository' },
  { pattern: /\bissue\s+#?\d+/i, why: 'an issue-tracker text; state the reason instead' },
  { pattern: /\bfinding\s+#?\d+/i, why: 'an issue or review finding; state the reason instead' },
];

/** Every comment of a TypeScript source, with its 1-based line, found through the parser (not a regex). */
function commentsOf(fileName: string, text: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const seen = new Set<number>();
  const out: { line: number; text: string }[] = [];
  const take = (ranges: readonly ts.CommentRange[] | undefined) => {
    for (const r of ranges ?? []) {
      if (seen.has(r.pos)) continue;
      seen.add(r.pos);
      out.push({ line: source.getLineAndCharacterOfPosition(r.pos).line + 1, text: text.slice(r.pos, r.end) });
    }
  };
  // Every comment comes before some token (at worst the end of the file), or after one on its own line.
  const walk = (node: ts.Node) => {
    if (node.getChildCount(source) === 0) {
      take(ts.getLeadingCommentRanges(text, node.getFullStart()));
      take(ts.getTrailingCommentRanges(text, node.getEnd()));
      return;
    }
    for (const child of node.getChildren(source)) walk(child);
  };
  walk(source);
  return out.sort((a, b) => a.line - b.line);
}

/** The comments of `text` that cite something a reader of the repository cannot open. */
function outsideCitations(fileName: string, text: string): string[] {
  const found: string[] = [];
  // Parsing is the costly part: only files that hold a suspect phrase anywhere are parsed.
  if (!FORBIDDEN.some(({ pattern }) => pattern.test(text))) return found;
  for (const c of commentsOfAny(fileName, text)) {
    for (const { pattern, why } of FORBIDDEN) {
      const m = pattern.exec(c.text);
      if (m) found.push(`${fileName}:${c.line + c.text.slice(0, m.index).split('\n').length - 1}: "${m[0]}" (${why})`);
    }
  }
  return found;
}

/**
 * The comments of a style sheet or an HTML page: no parser is needed for these, since neither kind of comment nests
 * and the files scanned hold no such delimiters in strings.
 */
function markupComments(text: string, pattern: RegExp): { line: number; text: string }[] {
  return [...text.matchAll(pattern)].map((m) => ({
    line: text.slice(0, m.index).split('\n').length,
    text: m[0],
  }));
}

/** Parsed once per file and text: both checks below read the same comments. */
const parsed = new Map<string, { line: number; text: string }[]>();

function commentsOfAny(fileName: string, text: string): { line: number; text: string }[] {
  const key = `${fileName}\0${text}`;
  const known = parsed.get(key);
  if (known) return known;
  const found = fileName.endsWith('.css')
    ? markupComments(text, /\/\*[\s\S]*?\*\//g)
    : fileName.endsWith('.html')
      ? markupComments(text, /<!--[\s\S]*?-->/g)
      : commentsOf(fileName, text);
  parsed.set(key, found);
  return found;
}

const SOURCE = /\.(tsx?|mts|mjs|js|css|html)$/;

/** Folders of generated files (the test site's build output). */
const GENERATED = new Set(['dist', 'node_modules']);

function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!GENERATED.has(entry.name)) out.push(...sourcesUnder(path));
    } else if (SOURCE.test(entry.name)) out.push(path);
  }
  return out;
}

/** Every source of the project (the test site's build output is generated, not written). */
function projectSources(): string[] {
  return [
    ...['lib', 'entrypoints', 'components', 'platform', 'scripts', 'bench', 'tests'].flatMap((dir) =>
      sourcesUnder(join(ROOT, dir)),
    ),
    join(ROOT, 'wxt.config.ts'),
  ];
}

describe('comments cite only what is in the repository or public', () => {
  it('finds citations in comments of every kind, and ignores strings', () => {
    const sample = [
      '/** Framing (spec §2.2). */',
      'const a = 1; // see ../shared/specs/hardware-keys.md',
      "const b = 'issue 14 finding 10 is only a string';",
      '/*',
      ' * Why (issue 15, finding 4).',
      ' */',
      'function f() {',
      '  return 1;',
      '  // trailing: review finding 3',
      '}',
      '// RFC 4226 §5.3 and docs/hardware-protocol.md "CRC" are fine.',
      '// Device access (spec "hardware-keys" §1).',
    ].join('\n');
    expect(outsideCitations('x.ts', sample)).toEqual([
      'x.ts:1: "spec §" (a section of reference notes outside the repository)',
      'x.ts:2: "../shared" (a file outside the repository)',
      'x.ts:5: "issue 15" (an issue-tracker text; state the reason instead)',
      'x.ts:5: "finding 4" (an issue or review finding; state the reason instead)',
      'x.ts:9: "finding 3" (an issue or review finding; state the reason instead)',
      'x.ts:12: "spec "hardware-keys" §" (a section of reference notes outside the repository)',
    ]);
  });

  it('reads the comments of style sheets and HTML pages too', () => {
    expect(outsideCitations('x.css', 'a { color: red; } /* "Fill" (issue 15) */\n.b {}')).toEqual([
      'x.css:1: "issue 15" (an issue-tracker text; state the reason instead)',
    ]);
    expect(outsideCitations('x.html', '<p>issue 3 in text</p>\n<!--\n  ATTACK (finding 2)\n-->')).toEqual([
      'x.html:3: "finding 2" (an issue or review finding; state the reason instead)',
    ]);
  });

  // Parsing every test file whose titles name an issue takes a few seconds on a loaded machine: a wider time limit.
  it("no comment in the project's code cites a document outside the repository", () => {
    const found = projectSources().flatMap((path) =>
      outsideCitations(relative(ROOT, path), readFileSync(path, 'utf8')),
    );
    expect(found).toEqual([]);
  }, 60_000);

  it('every docs/ page a comment names exists, and so does the section it quotes', () => {
    const broken: string[] = [];
    for (const path of projectSources()) {
      const text = readFileSync(path, 'utf8');
      if (!text.includes('docs/')) continue;
      const name = relative(ROOT, path);
      for (const c of commentsOfAny(name, text)) {
        // A docs/ page, and the words quoted right after it as they stand in it; an upstream project's own docs/
        // ("docs/vault.md in owner/repo") is not ours.
        for (const m of c.text.matchAll(/\bdocs\/([\w./-]+\.md)(?:`)?(?:\s+"([^"]+)")?/g)) {
          const page = join(ROOT, 'docs', m[1] as string);
          if (/^\s+in\s+[\w.-]+\/[\w.-]+/.test(c.text.slice((m.index ?? 0) + m[0].length))) continue;
          if (!existsSync(page)) broken.push(`${name}:${c.line}: docs/${m[1]} does not exist`);
          else if (m[2] && !readFileSync(page, 'utf8').includes(m[2].replace(/\s*\n\s*\*?\s*/g, ' ')))
            broken.push(`${name}:${c.line}: docs/${m[1]} has no "${m[2]}"`);
        }
      }
    }
    expect(broken).toEqual([]);
  }, 60_000);
});
