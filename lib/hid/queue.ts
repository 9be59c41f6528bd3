/**
 * One command at a time per device (docs/hardware-protocol.md "Polling"): the
 * firmware keeps a single answer buffer, so two interleaved transactions would read each other's
 * answers. Tasks run in the order they were queued; a failing task does not block the next.
 */
export class DeviceQueue {
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;

  /** Runs `task` after every task queued before it has settled. */
  run<T>(task: () => Promise<T>): Promise<T> {
    this.#pending++;
    const result = this.#tail.then(task).finally(() => {
      this.#pending--;
    });
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Tasks queued or running. */
  get pending(): number {
    return this.#pending;
  }
}

const queues = new WeakMap<object, DeviceQueue>();

/** The queue of one device, keyed by its transport (or any object standing for the device). */
export function deviceQueue(device: object): DeviceQueue {
  let queue = queues.get(device);
  if (queue === undefined) {
    queue = new DeviceQueue();
    queues.set(device, queue);
  }
  return queue;
}
