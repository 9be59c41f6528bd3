import type { SecurityKeysApi } from '../../components/SecurityKeysPanel';
import type { Request, RequestType, ResponseMap } from '../../lib/messaging/protocol';
import { createPrfCredential, prfAvailability } from '../../platform/webauthn';

type Send = <T extends RequestType>(req: Request<T>) => Promise<ResponseMap[T]>;

/**
 * The Settings panel "Passkeys and security keys" wired to the background (docs/messages.md: `vault-slots`,
 * `vault-confirm-password`, `vault-prf-credentials`, `vault-slot-add-prf`, `vault-slot-remove`) and to WebAuthn
 * (platform/webauthn.ts).
 */
export function securityKeysApi(request: Send): SecurityKeysApi {
  return {
    availability: prfAvailability(),
    list: async () => (await request({ type: 'vault-slots' })).slots,
    async add(label, password, onStep) {
      // The master password first (throttled like an export confirmation): a wrong one stops here, before the
      // authenticator makes a credential that no slot would ever use. `vault-slot-add-prf` checks it again.
      await request({ type: 'vault-confirm-password', password });
      // The credentials already added are excluded: the authenticator refuses a second one for the vault.
      const { credentials } = await request({ type: 'vault-prf-credentials' });
      onStep('touch');
      await createPrfCredential(
        { label, exclude: credentials.map((c) => c.credentialId), onSecondTouch: () => onStep('touch-again') },
        async (made) => {
          onStep('saving');
          await request({ type: 'vault-slot-add-prf', password, label, ...made });
        },
      );
    },
    remove: async (id) => void (await request({ type: 'vault-slot-remove', id })),
  };
}
