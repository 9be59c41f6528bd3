import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBase32 } from '../../../lib/encoding/base32';
import { describeContent } from '../../../lib/enrol/describe-content';
import { interpretScan } from '../../../lib/enrol/scan';
import { TwofoldError } from '../../../lib/errors';
import type { Text } from '../../../lib/i18n/text';
import { localize, setTranslator } from '../../../lib/i18n/translate';
import { entryFrom, entryFromUri } from '../../../lib/import/entry';
import { importFile } from '../../../lib/import/registry';
import { parseKeyInput } from '../../../lib/otp/key-input';
import { decodeMigrationUri } from '../../../lib/otp/migration';
import { parseOtpauthUri } from '../../../lib/otp/uri';
import { draftToParams } from '../../../lib/vault/draft';
import { catalogTranslator } from '../i18n/english';

/*
 * No error message may show any part of a secret. Every parser that reads a secret
 * (or text a person pasted in place of one) is fed secret-like input, valid or broken in every way those
 * parsers name, and each message it gives (English and every translation) is searched for any 6
 * characters of that input in a row.
 */

const LANGS = ['en', 'de', 'fr', 'es'].map((lang) => ({ lang, translator: catalogTranslator(lang) }));
afterAll(() => setTranslator(catalogTranslator('en')));

/** Every rendering of a message: its English, and its Text in each language. */
function renderings(message: Text | string | undefined): string[] {
  if (message === undefined) return [];
  if (typeof message === 'string') return [message];
  return [
    message.english,
    ...LANGS.map(({ translator }) => {
      setTranslator(translator);
      return localize(message);
    }),
  ];
}

function errorTexts(run: () => unknown): string[] {
  try {
    run();
    return [];
  } catch (e) {
    if (!(e instanceof TwofoldError)) throw e;
    return [e.message, ...renderings(e.text)];
  }
}

/** The first window of `width` characters of `secret` that a message shows, if any. */
function leaked(messages: readonly string[], secret: string, width = 6): string | undefined {
  const compact = secret.replace(/[\s-]/g, '');
  for (const source of [secret, compact, compact.toUpperCase()])
    for (let i = 0; i + width <= source.length; i++) {
      const part = source.slice(i, i + width);
      if (messages.some((m) => m.includes(part))) return part;
    }
  return undefined;
}

/** The paths a secret (or a secret pasted where a link belongs) goes through, each giving its messages. */
async function messagesFor(secret: string): Promise<string[]> {
  const enc = encodeURIComponent(secret);
  const sync = [
    () => decodeBase32(secret),
    () => parseKeyInput(secret),
    () => parseOtpauthUri(secret),
    () => parseOtpauthUri(`otpauth://totp/A:b?secret=${enc}`),
    () => parseOtpauthUri(`otpauth://totp/A:b?secret=${secret}`),
    () => parseOtpauthUri(`otpauth://totp/A:b?secret=%ZZ${enc}`),
    () => parseOtpauthUri(`otpauth://totp/A:b?secret=${enc}%E0`),
    () => parseOtpauthUri(`steam://${enc}`),
    () => parseOtpauthUri(`steam://${enc}%ZZ`),
    () => draftToParams({ uri: secret }),
    () => draftToParams({ uri: `otpauth://totp/x?secret=${enc}` }),
    () => draftToParams({ secret, issuer: 'x' }),
    () => draftToParams({ secret, issuer: 'x', kind: 'steam' }),
    () => decodeMigrationUri(`otpauth-migration://offline?data=${enc}`),
    () => decodeMigrationUri(`otpauth-migration://offline?data=${enc}%ZZ`),
    () => entryFrom({ kind: 'totp', secret }),
    () => entryFromUri(`otpauth://totp/x?secret=${enc}`),
  ];
  const out = sync.flatMap(errorTexts);
  // Pasted links and QR codes: problems and the description of what is not a code.
  for (const line of [secret, `otpauth://totp/x?secret=${enc}`, `otpauth-migration://offline?data=${enc}`]) {
    const scan = interpretScan([line], 'link');
    out.push(...scan.problems.flatMap((p) => renderings(p.message)), ...scan.ignored.flatMap(renderings));
  }
  out.push(...renderings(describeContent(secret)));
  // A link list (an import) with the secret on a line of its own and inside a broken link.
  const file = `otpauth://totp/ok?secret=JBSWY3DPEHPK3PXP\n${secret}\notpauth://totp/x?secret=${enc}%ZZ\n`;
  try {
    const imported = await importFile('links.txt', new TextEncoder().encode(file));
    out.push(
      ...imported.problems.flatMap((p) => renderings(p.message)),
      ...(imported.notices ?? []).flatMap(renderings),
    );
  } catch (e) {
    if (!(e instanceof TwofoldError)) throw e;
    out.push(e.message, ...renderings(e.text));
  }
  return out;
}

/**
 * Secret-like text: base32 with the slips people make (digits 0/1/8/9, lower case, stray signs), in one run or
 * in groups of four as apps show keys.
 */
const secretLike = fc
  .tuple(
    fc.array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abcdefghijklmnopqrstuvwxyz2345670189=!_%é'), {
      minLength: 16,
      maxLength: 48,
    }),
    fc.constantFrom('', ' ', '-'),
  )
  .map(([cs, gap]) => (gap ? cs.join('').replace(/(.{4})(?=.)/g, `$1${gap}`) : cs.join('')));

describe('no error message shows any part of a secret (issue 14 finding 13)', () => {
  const cases = {
    'a bare secret pasted where a link belongs': 'JBSWY3DPEHPK3PXPJBSWY3DP',
    'a secret in groups, as apps show it': 'jbsw y3dp ehpk 3pxp qrst uvwx',
    'a mistyped digit': 'JBSWY3DPEHPK3PX0QRSTUVWX',
    'a character outside base32': 'JBSWY3DP!HPK3PXPQRSTUVWX',
    'misplaced padding': 'JBSWY3DP=HPK3PXPQRSTUVWX',
    'a broken %-escape': 'JBSWY3DP%EHPK3PXPQRSTUVW',
  };
  for (const [name, secret] of Object.entries(cases)) {
    it(name, async () => {
      const messages = await messagesFor(secret);
      expect(messages.length).toBeGreaterThan(0);
      const part = leaked(messages, secret);
      expect(part, messages.filter((m) => part && m.includes(part)).join('\n')).toBeUndefined();
    });
  }

  it('holds for any secret-like text', async () => {
    await fc.assert(
      fc.asyncProperty(secretLike, async (secret) => {
        expect(leaked(await messagesFor(secret), secret)).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
