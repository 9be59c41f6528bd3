import { unzlibSync, zlibSync } from 'fflate';
import en from '../../locales/en/sync.json';
import { textsOf } from '../i18n/text';
import { SyncError } from './errors';

/*
 * STAND-IN until the device file's own body.ts replaces it (same functions, same meaning):
 * docs/sync-format.md "The device file", Body = `len ‖ zlib(JSON) ‖ zero padding` with `len` the compressed length
 * as 4 bytes big-endian (a decompressor refuses bytes after the end of its stream), padded to a multiple of `padTo`.
 */

const text = textsOf(en);
/** docs/sync-format.md "Caps": a decompressed body of at most 64 MiB. */
const MAX_BODY = 64 * 1024 * 1024;

export function packBody(json: Uint8Array, padTo: number): Uint8Array {
  const z = zlibSync(json);
  const size = Math.ceil((4 + z.length) / padTo) * padTo;
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, z.length, false);
  out.set(z, 4);
  return out;
}

export function unpackBody(body: Uint8Array): Uint8Array {
  if (body.length < 4) throw new SyncError('malformed-file', text('sync_state_damaged'));
  const len = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0, false);
  if (len > body.length - 4) throw new SyncError('malformed-file', text('sync_state_damaged'));
  let json: Uint8Array;
  try {
    json = unzlibSync(body.subarray(4, 4 + len));
  } catch (cause) {
    throw new SyncError('malformed-file', text('sync_state_damaged'), {}, { cause });
  }
  if (json.length > MAX_BODY) throw new SyncError('too-large', text('sync_state_damaged'));
  return json;
}
