import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createHandlers, domainHandlers } from '../../../entrypoints/background/handlers';
import { OfferService } from '../../../entrypoints/background/offer-service';
import { type AnyRequestDef, type HandlersFor, mergeDomains, ok } from '../../../lib/messaging/define';
import type { SenderInfo, SenderKind } from '../../../lib/messaging/protocol';
import { ALLOWED_SENDERS, acceptRequest, DOMAINS, parseRequest, REQUESTS } from '../../../lib/messaging/protocol';
import type { keyRequests } from '../../../lib/messaging/requests/keys';
import { vaultRequests } from '../../../lib/messaging/requests/vault';
import { handlerModule, MESSAGES_DOC, messagesDoc } from '../../../scripts/messages-doc';

// Building the handler table loads the browser adapters (badge, windows); none of them is called here.
vi.mock('webextension-polyfill', () => ({ default: {} }));

const records = Object.entries(REQUESTS as Record<string, AnyRequestDef>);

function parses(raw: unknown): boolean {
  try {
    parseRequest(raw);
    return true;
  } catch {
    return false;
  }
}

/** The arguments of the background's handler table over inert services: building it calls none of them. */
function inertServices(): Parameters<typeof createHandlers> {
  const inert = {} as never;
  const offers = new OfferService({
    session: { onLock: () => {} },
    now: () => 0,
    random: (n: number) => new Uint8Array(n),
  } as never).handlers();
  return [inert, inert, inert, inert, inert, inert, inert, offers];
}

function handlerTable() {
  return createHandlers(...inertServices());
}

describe('the request records (lib/messaging/requests/)', () => {
  it('each say in one line what the request does, and who may send it', () => {
    expect(records.length).toBeGreaterThan(0);
    for (const [type, def] of records) {
      expect(def.doc.trim(), type).not.toBe('');
      expect(def.doc, type).not.toMatch(/\n/);
      expect(def.from.length, type).toBeGreaterThan(0);
      expect(new Set(def.from).size, type).toBe(def.from.length);
      expect(typeof def.payload, type).toBe('function');
    }
  });

  it('are each declared in exactly one domain, whose module is named for it', () => {
    const declared = Object.values(DOMAINS).flatMap((domain) => Object.keys(domain));
    expect(new Set(declared).size).toBe(declared.length);
    expect(declared.sort()).toEqual(Object.keys(REQUESTS).sort());
    for (const domain of Object.keys(DOMAINS)) {
      expect(existsSync(new URL(`../../../lib/messaging/requests/${domain}.ts`, import.meta.url)), domain).toBe(true);
      expect(existsSync(new URL(`../../../${handlerModule(domain)}`, import.meta.url)), domain).toBe(true);
    }
  });

  it('give the allowed senders, the payload checks and the handlers the same set of types', () => {
    const types = Object.keys(REQUESTS).sort();
    expect(Object.keys(ALLOWED_SENDERS).sort()).toEqual(types);
    expect(Object.keys(handlerTable()).sort()).toEqual(types);
    for (const [type, def] of records)
      expect(ALLOWED_SENDERS[type as keyof typeof ALLOWED_SENDERS], type).toBe(def.from);
  });

  it('are each answered by their own domain’s handlers, exactly: no handler object carries another domain’s type', () => {
    // A handler object that is not a fresh literal (a spread, a variable, a class method's result) escapes
    // TypeScript's excess-property check; in createHandlers' spread a stray key would then silently replace
    // another domain's handler. So each domain's object is checked here, at run time.
    const byDomain = domainHandlers(...inertServices());
    expect(Object.keys(byDomain).sort()).toEqual(Object.keys(DOMAINS).sort());
    for (const [domain, records] of Object.entries(DOMAINS)) {
      const handlers = byDomain[domain as keyof typeof byDomain];
      expect(Object.keys(handlers).sort(), domain).toEqual(Object.keys(records).sort());
      for (const handler of Object.values(handlers)) expect(typeof handler, domain).toBe('function');
    }
  });

  it('are what the protocol enforces: a record’s senders get past the sender check, every other kind is refused', () => {
    const ID = 'abcdefghijklmnopabcdefghijklmnop';
    const ORIGIN = `chrome-extension://${ID}`;
    const senders = {
      content: { id: ID, url: 'https://example.com/', tabId: 1, frameId: 0 },
      'extension-page': { id: ID, url: `${ORIGIN}/popup.html` },
      'offer-frame': { id: ID, url: `${ORIGIN}/offer-frame.html`, tabId: 1, frameId: 2 },
    } as const;
    let weighed = 0;
    for (const [type, def] of records) {
      // Payloads are checked before senders: only types whose empty payload is valid reach the sender check.
      if (!parses({ type })) continue;
      weighed++;
      for (const [kind, sender] of Object.entries(senders) as [SenderKind, SenderInfo][]) {
        const verdict = () => acceptRequest({ type }, sender, ID, ORIGIN);
        if (def.from.includes(kind)) expect(verdict().from, `${type} from ${kind}`).toBe(kind);
        else expect(verdict, `${type} from ${kind}`).toThrow(expect.objectContaining({ code: 'forbidden' }));
      }
    }
    expect(weighed).toBeGreaterThan(10);
  });
});

describe('what does not compile (npx tsc checks these @ts-expect-error lines)', () => {
  it('a type declared in two domains', () => {
    const twice = { 'vault-lock': vaultRequests['vault-lock'] };
    // @ts-expect-error: 'vault-lock' is declared by both domains
    const merged = mergeDomains({ vault: vaultRequests, again: twice });
    expect(Object.keys(merged)).toContain('vault-lock');
  });

  it('a domain’s handlers without one of its records, or with a type it does not declare', () => {
    // @ts-expect-error: no handler for 'key-erase' (nor the others)
    const missing: HandlersFor<typeof keyRequests> = { 'keys-changed': async () => ok };
    const extra: HandlersFor<Pick<typeof keyRequests, 'keys-changed'>> = {
      'keys-changed': async () => ok,
      // @ts-expect-error: not a keys request
      'keys-dance': async () => ok,
    };
    expect(Object.keys(missing)).not.toContain('key-erase');
    expect(Object.keys(extra)).toContain('keys-changed');
  });
});

describe('docs/messages.md', () => {
  it('is what the records generate (run npm run docs:messages after changing a record)', () => {
    const onDisk = existsSync(MESSAGES_DOC) ? readFileSync(MESSAGES_DOC, 'utf8') : '';
    expect(onDisk, 'docs/messages.md is out of date: run npm run docs:messages').toBe(messagesDoc());
  });

  it('lists every request once', () => {
    const doc = messagesDoc();
    for (const type of Object.keys(REQUESTS)) {
      expect(
        doc.split('\n').filter((line) => line.startsWith(`| \`${type}\` |`)),
        type,
      ).toHaveLength(1);
    }
  });
});
