import { expect } from 'vitest';
import type { TwofoldError } from '../../lib/errors';

/**
 * Awaits a refusal and checks it is the one meant: its class and its code. A security test that accepts
 * any error passes as well when the code under test breaks for another reason (a typo, a locked vault).
 */
export async function rejectsWith<E extends TwofoldError>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
  code: E['code'],
): Promise<E> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a ${type.name} '${code}', got a result: ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  expect((error as E).code).toBe(code);
  return error as E;
}
