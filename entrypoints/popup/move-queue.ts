import { moveWithinGroup } from '../../components/account-order';
import { dropOrder } from '../../components/list-model';
import type { AccountView } from '../../lib/vault/view';

/**
 * The move buttons, pressed faster than the vault answers. A row moves on screen only once the vault stored its
 * new order (docs/architecture.md: the popup shows what the background holds), so each press waits for the one
 * before it and is worked out from the order the vault last confirmed: two quick presses move a row two places,
 * and never send the same order twice. A refused move leaves the order as it was for the presses after it.
 */
export interface MoveQueue {
  /** Queues one move; answers whether the vault stored it (false: nothing to move), rejects when it refused. */
  move(id: string, step: -1 | 1): Promise<boolean>;
  /** Queues a drag's drop of `id` just before (or `after`) `targetId`; answers like `move`. */
  drop(id: string, targetId: string, after: boolean): Promise<boolean>;
}

/**
 * `shown` answers the list on screen (the last one the background sent); `send` stores an order of ids and
 * settles once the vault answered (and the list was read again).
 */
export function createMoveQueue(
  shown: () => readonly AccountView[] | undefined,
  send: (ids: string[]) => Promise<unknown>,
): MoveQueue {
  /** The order the vault stored last, and the list on screen it was worked out from (until a newer one shows). */
  let stored: { from: readonly AccountView[] | undefined; order: readonly AccountView[] } | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  const queue = (reorder: (base: readonly AccountView[]) => string[] | undefined): Promise<boolean> => {
    const run = tail.then(async () => {
      const now = shown();
      // A list shown since the last stored move is newer than anything this queue knows (a pin, an add).
      const base = stored && stored.from === now ? stored.order : now;
      const ids = base && reorder(base);
      if (!base || !ids) return false;
      await send(ids);
      const byId = new Map(base.map((a) => [a.id, a]));
      stored = { from: now, order: ids.map((x) => byId.get(x)).filter((a): a is AccountView => a !== undefined) };
      return true;
    });
    tail = run.catch(() => undefined);
    return run;
  };
  return {
    move: (id, step) => queue((base) => moveWithinGroup(base, id, step)),
    drop: (id, targetId, after) => queue((base) => dropOrder(base, id, targetId, after)),
  };
}
