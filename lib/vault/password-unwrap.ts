import en from '../../locales/en/core.json';
import prfcore from '../../locales/en/prfcore.json';
import { textsOf } from '../i18n/text';
import { VaultError } from './errors';
import type { KeySlot } from './header';
import { type PasswordSlot, unwrapPasswordSlot } from './slots';

const text = textsOf(en);
const prfText = textsOf(prfcore);

/**
 * The most password slots one unlock or confirmation tries (docs/vault-format.md "Key slot"). Twofold writes one; the
 * header is in the clear, so a tampered one could hold hundreds of slots within the KDF bounds, each a full Argon2id
 * run, and make a wrong password (or a right one in the last slot) take minutes.
 */
export const MAX_PASSWORD_SLOTS_TRIED = 4;

/**
 * Tries the first {@link MAX_PASSWORD_SLOTS_TRIED} password slots. Slots whose KDF parameters are out of bounds are
 * refused before deriving (docs/vault-format.md "Key slot"); if no slot opens and one was refused, that refusal is the
 * answer, so a changed header is named rather than reported as a wrong password.
 */
export async function unwrapAnyPasswordSlot(
  slots: readonly PasswordSlot[],
  password: string,
): Promise<{ key: Uint8Array; slot: PasswordSlot }> {
  let refused: VaultError | undefined;
  for (const slot of slots.slice(0, MAX_PASSWORD_SLOTS_TRIED)) {
    try {
      return { key: await unwrapPasswordSlot(slot, password), slot };
    } catch (e) {
      if (e instanceof VaultError && e.code === 'kdf-out-of-bounds') refused ??= e;
      else if (!(e instanceof VaultError && e.code === 'wrong-password')) throw e;
    }
  }
  throw refused ?? new VaultError('wrong-password', text('core_vault_wrong_password'));
}

/** The problem shown after unlock when the header holds password slots that are never tried; none otherwise. */
export function untriedPasswordSlots(header: { slots: readonly KeySlot[] }): VaultError[] {
  const count = header.slots.filter((s) => (s as KeySlot | null)?.type === 'password').length;
  if (count <= MAX_PASSWORD_SLOTS_TRIED) return [];
  return [
    new VaultError(
      'bad-header',
      prfText('prfcore_password_slots_untried', count - MAX_PASSWORD_SLOTS_TRIED, MAX_PASSWORD_SLOTS_TRIED),
    ),
  ];
}
