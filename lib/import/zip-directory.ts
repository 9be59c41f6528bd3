/*
 * A synchronous look at a ZIP file's central directory (APPNOTE.TXT §4.3.12, §4.3.16): the entry names
 * and whether each is encrypted. Detection must be cheap and synchronous, and zip.js only reads
 * asynchronously, so this small reader answers "which files are in it" and nothing more; the content
 * itself is always read with zip.js.
 */

export interface ZipListing {
  name: string;
  /** General purpose bit 0: encrypted (ZipCrypto or WinZip AES). */
  encrypted: boolean;
  /** Compression method 99: WinZip AES (APPNOTE 7.2 Appendix E) rather than ZipCrypto. */
  aes: boolean;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** True when the bytes start like a ZIP file (a local file header, or the end record of an empty one). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const sig = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  return sig === LOCAL_HEADER || sig === END_OF_DIRECTORY;
}

/** The entries listed in the central directory, or undefined when it cannot be found or is cut short. */
export function listZip(bytes: Uint8Array): ZipListing[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - EOCD_SIZE; i >= Math.max(0, bytes.length - EOCD_SIZE - MAX_COMMENT); i--) {
    if (view.getUint32(i, true) === END_OF_DIRECTORY) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const decoder = new TextDecoder('utf-8');
  const out: ZipListing[] = [];
  for (let n = 0; n < count; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL_HEADER) return undefined;
    const flags = view.getUint16(offset + 8, true);
    const method = view.getUint16(offset + 10, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    if (offset + 46 + nameLength > bytes.length) return undefined;
    // Names are CP437 unless bit 11 says UTF-8; the names we look for are ASCII either way.
    out.push({
      name: decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
      encrypted: (flags & 1) !== 0,
      aes: method === 99,
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}
