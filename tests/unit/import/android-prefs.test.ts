import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plain } from '../../../lib/import/text';
import {
  decodeXmlText,
  looksLikeAndroidPrefs,
  MAX_PREFS,
  MAX_TAGS,
  readAndroidPrefs,
} from '../../../lib/import/android-prefs';
import { detectFormat } from '../../../lib/import/registry';
import { sniffFile } from '../../../lib/import/sniff';
import { ImportError } from '../../../lib/import/types';
import { text } from './other-formats';

// The shared_prefs reader (lib/import/android-prefs.ts) on its own: values of every type, Android's escaping, and
// the refusals (malformed XML, document types and entities, caps).
const WHAT = plain('test file');
const DECL = "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n";
const prefs = (body: string, name = 'x.xml') => sniffFile(name, text(`${DECL}<map>\n${body}\n</map>\n`));

function refusal(body: string | ReturnType<typeof sniffFile>): ImportError {
  const file = typeof body === 'string' ? prefs(body) : body;
  try {
    readAndroidPrefs(file, WHAT);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error('expected a refusal');
}

describe('Android shared_prefs reader', () => {
  it('reads every value type in document order, with Android’s escaping undone', () => {
    const map = readAndroidPrefs(
      prefs(
        [
          '    <string name="a&amp;b">{&quot;x&quot;:&quot;&lt;y&gt; &amp; it\'s&quot;}&#10;&#x1F600;</string>',
          '    <int name="n" value="-13" />',
          '    <long name="big" value="9007199254740993" />',
          '    <float name="f" value="1.5" />',
          '    <boolean name="b" value="true" />',
          '    <string name="empty"></string>',
          '    <string name="  spaced  ">  kept  </string>',
          '    <set name="s">',
          '        <string>one</string>',
          '        <string>tw&amp;o</string>',
          '    </set>',
          '    <null name="z" />',
        ].join('\n'),
      ),
      WHAT,
    );
    expect([...map.keys()]).toEqual(['a&b', 'n', 'big', 'f', 'b', 'empty', '  spaced  ', 's', 'z']);
    expect(map.get('a&b')).toEqual({ type: 'string', value: '{"x":"<y> & it\'s"}\n😀' });
    expect(map.get('n')).toEqual({ type: 'int', value: '-13' });
    // A long beyond 2^53 stays exact: numbers are kept as text.
    expect(map.get('big')).toEqual({ type: 'long', value: '9007199254740993' });
    expect(map.get('b')).toEqual({ type: 'boolean', value: 'true' });
    expect(map.get('empty')).toEqual({ type: 'string', value: '' });
    expect(map.get('  spaced  ')).toEqual({ type: 'string', value: '  kept  ' });
    expect(map.get('s')).toEqual({ type: 'set', value: ['one', 'tw&o'] });
    expect(map.get('z')).toEqual({ type: 'null' });
  });

  it('recognises a shared_prefs document, with or without a declaration or comments, and nothing else', () => {
    expect(looksLikeAndroidPrefs(sniffFile('a.xml', text('<map />')))).toBe(true);
    expect(looksLikeAndroidPrefs(sniffFile('a.xml', text(`\uFEFF${DECL}<!-- hi -->\n<map>\n</map>`)))).toBe(true);
    expect(looksLikeAndroidPrefs(sniffFile('a.xml', text(`${DECL}<mapping/>`)))).toBe(false);
    expect(looksLikeAndroidPrefs(sniffFile('a.xml', text(`${DECL}<html><map/></html>`)))).toBe(false);
    expect(looksLikeAndroidPrefs(sniffFile('a.json', text('{"map": 1}')))).toBe(false);
  });

  it('tells a text of many comments apart at once (the start pattern cannot backtrack exponentially)', () => {
    // Before: 25 empty comments took 9 s here (a lazy comment body could run past "-->"); 2000 now return at once.
    const comments = `${DECL}${'<!---->'.repeat(2000)}<mab/>`;
    expect(looksLikeAndroidPrefs(sniffFile('a.xml', text(comments)))).toBe(false);
    expect(looksLikeAndroidPrefs(sniffFile('a.xml', text(`${DECL}${'<!-- - -->\n'.repeat(50)}<map/>`)))).toBe(true);
  });

  it('refuses a document type declaration before parsing: no entity expansion, no external entity', () => {
    const bomb = `${DECL}<!DOCTYPE map [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<map><string name="x">&b;</string></map>`;
    const e1 = refusal(sniffFile('bomb.xml', text(bomb)));
    expect(e1.code).toBe('damaged');
    expect(e1.text.english).toMatch(/document type declaration/);
    const external = `${DECL}<!DOCTYPE map SYSTEM "file:///etc/passwd">\n<map><string name="x">&xxe;</string></map>`;
    expect(refusal(sniffFile('xxe.xml', text(external))).text.english).toMatch(/document type declaration/);
  });

  it('refuses an entity XML does not define, a bare ampersand and a reference to no character', () => {
    expect(refusal('<string name="x">&nbsp;</string>').text.english).toMatch(/entity &nbsp;/);
    expect(refusal('<string name="x">&#xD800;</string>').text.english).toMatch(/character reference/);
    expect(() => decodeXmlText('a & b', WHAT)).toThrow(ImportError);
    expect(() => decodeXmlText('&#1114112;', WHAT)).toThrow(ImportError);
    expect(decodeXmlText('&#65;&#x42;&apos;', WHAT)).toBe("AB'");
  });

  it('refuses malformed XML, another root, nameless values, unknown elements, nested text', () => {
    expect(refusal('<string name="x">open').text.english).toMatch(/malformed/);
    expect(refusal('<string>no name</string>').text.english).toMatch(/no name/);
    expect(refusal('<int name="n" />').text.english).toMatch(/no value/);
    expect(refusal('<script name="n">x</script>').text.english).toMatch(/<script>/);
    expect(refusal('<string name="x">a<b/>c</string>').text.english).toMatch(/holds an element/);
    expect(refusal(sniffFile('x.xml', text(`${DECL}<map></map><map></map>`))).code).toBe('damaged');
    expect(refusal(sniffFile('x.xml', text('<maps/>'))).text.english).toMatch(/not <map>/);
  });

  it('caps the number of values', () => {
    const many = Array.from({ length: MAX_PREFS + 1 }, (_, i) => `<null name="n${i}"/>`).join('');
    expect(refusal(many).text.english).toMatch(new RegExp(`more than ${MAX_PREFS}`));
  });

  it('refuses, before parsing, more tags or attributes than Android writes', () => {
    const attributes = Array.from({ length: 20 }, (_, i) => `a${i}="1"`).join(' ');
    expect(refusal(`<int name="x" ${attributes} value="1" />`).text.english).toMatch(/more attributes/);
    const tags = '<a/>'.repeat(MAX_TAGS + 1);
    expect(refusal(`<set name="s">${tags}</set>`).text.english).toMatch(/more than/);
  });

  it('caps nesting (the parser’s own limit)', () => {
    const deep = `${'<set name="s">'.repeat(1)}${'<a>'.repeat(50)}${'</a>'.repeat(50)}</set>`;
    expect(refusal(deep).code).toBe('damaged');
  });

  it('an unrelated shared_prefs file is refused as unknown, naming the files to choose instead', () => {
    try {
      detectFormat('settings.xml', text(`${DECL}<map>\n    <boolean name="dark" value="true" />\n</map>\n`));
      throw new Error('detected');
    } catch (e) {
      expect(e).toBeInstanceOf(ImportError);
      expect((e as ImportError).code).toBe('unknown-format');
      expect((e as ImportError).text.english).toMatch(/tokens\.xml.*com\.authy\.storage\.tokens\.authenticator\.xml/);
    }
  });

  it('throws nothing but ImportError for random text after a <map> start', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 50 }), (body, name) => {
        try {
          readAndroidPrefs(prefs(`<string name="${name}">${body}</string>${body}`), WHAT);
        } catch (e) {
          if (!(e instanceof ImportError)) throw e;
        }
      }),
      { numRuns: 200 },
    );
  });
});
