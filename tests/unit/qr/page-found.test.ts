import { describe, expect, it } from 'vitest';
import { parseOtpauthUri } from '../../../lib/otp/uri';
import { isOtpLink, summarizePageQr } from '../../../lib/qr/page-found';
import { renamedUri } from '../../../lib/qr/page-rename';

const LINK = 'otpauth://totp/Example%20Site:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example%20Site';
const BATCH = 'otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU';

describe('summarizePageQr: what the background keeps of a page’s QR codes', () => {
  it('counts only two-factor links, each once, and labels the first account', () => {
    const s = summarizePageQr(['https://example.com/app', ` ${LINK} `, 'WIFI:S:home;T:WPA;P:x;;', LINK, BATCH]);
    expect(s.links).toEqual([LINK, BATCH]);
    expect(s.label).toBe('Example Site: alice');
  });

  it('has no label for an export batch alone or a link that names nobody', () => {
    expect(summarizePageQr([BATCH])).toEqual({ links: [BATCH] });
    expect(summarizePageQr(['otpauth://totp/?secret=JBSWY3DPEHPK3PXP'])).toEqual({
      links: ['otpauth://totp/?secret=JBSWY3DPEHPK3PXP'],
    });
  });

  it('never puts the key in the label', () => {
    const s = summarizePageQr([LINK]);
    expect(s.label).not.toContain('JBSWY3DPEHPK3PXP');
  });

  it('finds nothing in codes that are not two-factor links', () => {
    expect(summarizePageQr(['https://example.com/', 'steam://ABC', 'hello'])).toEqual({ links: [] });
    expect(isOtpLink('OTPAUTH://TOTP/x?secret=AA')).toBe(true);
    expect(isOtpLink('otpauth:totp')).toBe(false);
  });
});

describe('renamedUri: the names typed in the scan review', () => {
  it('keeps the key and parameters and takes the new names', () => {
    const renamed = renamedUri(`${LINK}&digits=8&period=60`, '  Example Bank ', 'alice@work');
    const before = parseOtpauthUri(`${LINK}&digits=8&period=60`).params;
    const after = parseOtpauthUri(renamed).params;
    expect(after).toEqual({ ...before, issuer: 'Example Bank', account: 'alice@work' });
  });

  it('returns the link unchanged when the names are unchanged', () => {
    expect(renamedUri(LINK, 'Example Site', 'alice')).toBe(LINK);
  });
});
