import { describe, expect, it } from 'vitest';
import { createMoveQueue } from '../../../entrypoints/popup/move-queue';
import type { AccountView } from '../../../lib/vault/view';

const list = (...ids: string[]) => ids.map((id, order) => ({ id, order, pinned: false }) as AccountView);

describe('moves queued while the vault answers (entrypoints/popup/move-queue.ts)', () => {
  it('works the press after a refused move out from the order the vault last stored', async () => {
    const shown = list('a', 'b', 'c');
    const sent: string[][] = [];
    let refuse = true;
    const queue = createMoveQueue(
      () => shown,
      async (ids) => {
        sent.push(ids);
        if (refuse) {
          refuse = false;
          throw new Error('refused');
        }
      },
    );
    const first = queue.move('c', -1);
    const second = queue.move('c', -1);
    await expect(first).rejects.toThrow('refused');
    await expect(second).resolves.toBe(true);
    // The refused order was never stored, so the second press moves c from where the vault still holds it.
    expect(sent).toEqual([
      ['a', 'c', 'b'],
      ['a', 'c', 'b'],
    ]);
    // With nothing newer shown, a third press goes on from the stored order.
    await expect(queue.move('c', -1)).resolves.toBe(true);
    expect(sent[2]).toEqual(['c', 'a', 'b']);
    // At the top there is nothing to move: nothing is sent.
    await expect(queue.move('c', -1)).resolves.toBe(false);
    expect(sent).toHaveLength(3);
  });
});
