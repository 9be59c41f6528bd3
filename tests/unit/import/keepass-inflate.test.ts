import { gzipSync } from 'fflate';
import kdbxweb from 'kdbxweb';
import { describe, expect, it } from 'vitest';
import { checkInflatedSize, MAX_INFLATED_BYTES } from '../../../lib/import/formats/keepass-kdbx';
import { importFile } from '../../../lib/import/registry';

/*
 * A KeePass payload is gzip that kdbxweb inflates whole: lib/import/formats/keepass-kdbx.ts counts what it inflates
 * first and stops at a cap, so a small file cannot ask for gigabytes (docs/import-export.md "Caps").
 */
describe('KeePass payload inflation cap', () => {
  it('counts a gzip stream without keeping it, and refuses past the cap', () => {
    const zeros = gzipSync(new Uint8Array(3 * 2 ** 20));
    expect(zeros.length).toBeLessThan(10_000);
    expect(() => checkInflatedSize(zeros, 4 * 2 ** 20)).not.toThrow();
    expect(() => checkInflatedSize(zeros, 2 * 2 ** 20)).toThrow(expect.objectContaining({ code: 'too-large' }));
    // A damaged stream is left for kdbxweb to report.
    expect(() => checkInflatedSize(zeros.subarray(0, 100), 1024)).not.toThrow();
  });

  it('refuses a small database whose note unpacks past the cap, before kdbxweb inflates it', async () => {
    const db = kdbxweb.Kdbx.create(new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString('pw')), 'bomb');
    db.setKdf(kdbxweb.Consts.KdfId.Aes);
    const entry = db.createEntry(db.getDefaultGroup());
    entry.fields.set('Title', 'Acme');
    entry.fields.set('otp', 'otpauth://totp/Acme:a?secret=JBSWY3DPEHPK3PXP');
    entry.fields.set('Notes', 'a'.repeat(MAX_INFLATED_BYTES + 2 ** 20));
    const bytes = new Uint8Array(await db.save());
    expect(bytes.length).toBeLessThan(2 ** 20);
    await expect(importFile('bomb.kdbx', bytes, { password: 'pw' })).rejects.toMatchObject({ code: 'too-large' });
  }, 120_000);
});
