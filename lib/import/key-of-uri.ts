/**
 * The key of a canonical URI (its `secret=` parameter, as lib/otp/uri.ts formatOtpauthUri writes it). The
 * review may hand back another URI than the file's for the same key (a parameter the format cannot carry
 * kept from the vault, lib/otp/carried.ts), so the page finds an entry's notes and groups by its key,
 * which is unique within one import (lib/import/run.ts drops repeats).
 */
export function keyOfUri(uri: string): string {
  return /[?&]secret=([^&#]*)/.exec(uri)?.[1] ?? uri;
}
