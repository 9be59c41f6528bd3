// A small EventTarget that needs no host globals (works in pages, service workers,
// Node and bare vm contexts alike).

export interface SimEvent {
  readonly type: string;
  target: unknown;
  currentTarget: unknown;
  [key: string]: unknown;
}

type Listener = ((event: SimEvent) => void) | { handleEvent(event: SimEvent): void };

export class SimEventTarget {
  private readonly listeners = new Map<string, Listener[]>();

  addEventListener(type: string, listener: Listener | null, options?: boolean | { once?: boolean }): void {
    if (!listener) return;
    const list = this.listeners.get(type) ?? [];
    if (list.includes(listener)) return;
    if (typeof options === 'object' && options?.once) {
      const once: Listener = (event) => {
        this.removeEventListener(type, once);
        call(listener, event);
      };
      list.push(once);
    } else {
      list.push(listener);
    }
    this.listeners.set(type, list);
  }

  removeEventListener(type: string, listener: Listener | null): void {
    const list = this.listeners.get(type);
    if (!list || !listener) return;
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
  }

  dispatchEvent(event: SimEvent): boolean {
    event.target = this;
    event.currentTarget = this;
    const handler = (this as unknown as Record<string, unknown>)[`on${event.type}`];
    if (typeof handler === 'function') handler.call(this, event);
    for (const l of [...(this.listeners.get(event.type) ?? [])]) call(l, event);
    return true;
  }

  listenerCount(type: string): number {
    return this.listeners.get(type)?.length ?? 0;
  }
}

function call(listener: Listener, event: SimEvent): void {
  try {
    if (typeof listener === 'function') listener(event);
    else listener.handleEvent(event);
  } catch (e) {
    // Like the DOM: a throwing listener is reported, not propagated to the dispatcher.
    console.error(e);
  }
}
