// `npx tsx bench/unlock-only.ts`: only the unlock figures of bench/popup-chromium.ts (after `npm run build`), for
// choosing the vault's KDF parameters (docs/vault-format.md "Why these KDF parameters (measured)").
import { DEFAULT_ARGON2ID } from '../lib/vault/slots';
import { benchPopup } from './popup-chromium';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const popup = await benchPopup(1000, 1);
const cost = `${DEFAULT_ARGON2ID.memoryKiB / 1024} MiB t=${DEFAULT_ARGON2ID.iterations} p=${DEFAULT_ARGON2ID.parallelism}`;
console.log(
  `Unlock (${cost}) with ${popup.accounts} accounts: median ${median(popup.unlockMs).toFixed(0)} ms (all: ${popup.unlockMs.map((t) => t.toFixed(0)).join(', ')} ms); wrong password: median ${median(popup.wrongPasswordMs).toFixed(0)} ms (all: ${popup.wrongPasswordMs.map((t) => t.toFixed(0)).join(', ')} ms)`,
);
