import type { Check } from './schema';
import type { SenderInfo, SenderKind } from './sender';

/*
 * One record declares one message: who may send it, one line of documentation, the payload's schema, and (as a
 * type parameter only) what the background answers. The protocol's maps (lib/messaging/protocol.ts), the
 * background's handler table (entrypoints/background/handlers/) and docs/messages.md are all derived from these
 * records, so a message cannot be known to one of them and missing from another (docs/architecture.md "Messages").
 */

/** The answer type rides along in the type only; nothing is stored under this key at run time. */
declare const answer: unique symbol;

export interface RequestDef<Payload, Response> {
  /** The sender kinds allowed to send it (the browser's own sender record decides the kind). */
  readonly from: readonly SenderKind[];
  /** One line for docs/messages.md: what the request does, as the person reading the table needs it. */
  readonly doc: string;
  /** Checks the payload and rebuilds it from the fields it knows (lib/messaging/schema.ts). */
  readonly payload: Check<Payload>;
  readonly [answer]?: Response;
}

// biome-ignore lint/suspicious/noExplicitAny: any record, whatever its payload and answer
export type AnyRequestDef = RequestDef<any, any>;

/**
 * Declares one request: `request<Answer>()({ from, doc, payload })`. Two calls so the answer is given and the
 * payload type is inferred from its schema.
 */
export const request =
  <Response>() =>
  <Payload>(def: {
    from: readonly SenderKind[];
    doc: string;
    payload: Check<Payload>;
  }): RequestDef<Payload, Response> =>
    def;

export type PayloadOf<D> = D extends RequestDef<infer P, unknown> ? P : never;
export type ResponseOf<D> = D extends RequestDef<unknown, infer R> ? R : never;

/** Each record's request as a handler receives it: its type name and its checked payload. */
export type RequestsOf<Defs> = { [K in keyof Defs & string]: { type: K } & PayloadOf<Defs[K]> };

/** Exactly one handler per record of `Defs`, each answering that record's response. */
export type HandlersFor<Defs> = {
  [K in keyof Defs & string]: (req: RequestsOf<Defs>[K], sender: SenderInfo) => Promise<ResponseOf<Defs[K]>>;
};

/** The answer of requests that only succeed or fail. */
export type Ok = { ok: true };
export const ok: Ok = { ok: true };

type Domains = Record<string, Record<string, AnyRequestDef>>;

/** The type names declared by more than one domain (never, when each is declared once). */
export type DeclaredTwice<D extends Domains> = {
  [A in keyof D]: { [B in Exclude<keyof D, A>]: keyof D[A] & keyof D[B] }[Exclude<keyof D, A>];
}[keyof D];

type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
export type Merged<D extends Domains> = { [K in keyof Intersect<D[keyof D]>]: Intersect<D[keyof D]>[K] };

/**
 * All domains' records as one table. A type declared in two domains does not compile: the argument then lacks
 * `declaredTwice`, and the error names the types.
 */
export function mergeDomains<D extends Domains>(
  domains: D & ([DeclaredTwice<D>] extends [never] ? unknown : { declaredTwice: DeclaredTwice<D> }),
): Merged<D> {
  return Object.assign({}, ...Object.values(domains)) as Merged<D>;
}
