import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Loads a vector file from tests/vectors/ (see tests/vectors/SOURCES.md for where each comes from). */
export function loadVectors<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../vectors/${name}`, import.meta.url)), 'utf8')) as T;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export function fromHex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'hex'));
}
