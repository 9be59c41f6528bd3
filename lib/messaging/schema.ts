// Named fields only: the content script checks background commands with these (lib/messaging/commands.ts), and the
// script injected into every page must not carry the whole catalog.
import {
  core_schema_boolean,
  core_schema_integer,
  core_schema_list,
  core_schema_number,
  core_schema_object,
  core_schema_one_of,
  core_schema_string,
  core_schema_text,
} from '../../locales/en/core.json';
import { TwofoldError } from '../errors';
import { type Sub, type Text, textsOf } from '../i18n/text';

/*
 * A minimal runtime schema for message payloads: each checker returns the value rebuilt from what it
 * checked (unknown fields dropped) or throws SchemaError with the path of the first bad field.
 */

// Pure: a bundle that imports this module without checking anything (autofill.js) leaves the messages out.
const text = /* @__PURE__ */ textsOf({
  core_schema_boolean,
  core_schema_integer,
  core_schema_list,
  core_schema_number,
  core_schema_object,
  core_schema_one_of,
  core_schema_string,
  core_schema_text,
});

export class SchemaError extends TwofoldError<'bad-field'> {
  constructor(message: Text) {
    super('bad-field', message);
  }
}

export type Check<T> = (value: unknown, path: string) => T;

export const str =
  (max = 4096, min = 0): Check<string> =>
  (v, path) => {
    if (typeof v !== 'string' || v.length > max || v.length < min)
      throw new SchemaError(text('core_schema_string', path, min, max));
    return v;
  };

export const int =
  (min: number, max: number): Check<number> =>
  (v, path) => {
    if (!Number.isSafeInteger(v) || (v as number) < min || (v as number) > max)
      throw new SchemaError(text('core_schema_integer', path, min, max));
    return v as number;
  };

/** A finite number (CSS pixel coordinates are fractional). */
export const num =
  (min: number, max: number): Check<number> =>
  (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
      throw new SchemaError(text('core_schema_number', path, min, max));
    return v;
  };

export const bool: Check<boolean> = (v, path) => {
  if (typeof v !== 'boolean') throw new SchemaError(text('core_schema_boolean', path));
  return v;
};

export const oneOf =
  <T extends string>(...values: T[]): Check<T> =>
  (v, path) => {
    if (!values.includes(v as T)) throw new SchemaError(text('core_schema_one_of', path, values.join(', ')));
    return v as T;
  };

export const arrayOf =
  <T>(item: Check<T>, max = 10_000): Check<T[]> =>
  (v, path) => {
    if (!Array.isArray(v) || v.length > max) throw new SchemaError(text('core_schema_list', path, max));
    return v.map((x, i) => item(x, `${path}[${i}]`));
  };

export const optional =
  <T>(check: Check<T>): Check<T | undefined> =>
  (v, path) =>
    v === undefined ? undefined : check(v, path);

/**
 * A localisable text (lib/i18n/text.ts) sent by a page, such as an importer's warning: a message key, at most
 * nine substitutions (strings, numbers or nested texts, as deep as a list of names makes them) and its English.
 * At most 500 texts inside any one of them, so a page cannot send a deep or wide structure that takes long to
 * check; how many such texts a request may hold is bounded by the request's own list limits (lib/messaging/requests/).
 */
export const localText: Check<Text> = (v, path) => textAt(v, path, { left: 500 });

function textAt(v: unknown, path: string, budget: { left: number }): Text {
  const o = v as Record<string, unknown> | null;
  if (
    --budget.left < 0 ||
    typeof o !== 'object' ||
    o === null ||
    typeof o.key !== 'string' ||
    !/^[a-z0-9_]{1,100}$/.test(o.key) ||
    !Array.isArray(o.subs) ||
    o.subs.length > 9 ||
    typeof o.english !== 'string' ||
    o.english.length > 10_000
  )
    throw new SchemaError(text('core_schema_text', path));
  const subs = o.subs.map((s, i): Sub => {
    if (typeof s === 'string' && s.length <= 10_000) return s;
    if (typeof s === 'number' && Number.isFinite(s)) return s;
    return textAt(s, `${path}.subs[${i}]`, budget);
  });
  const plural = typeof o.plural === 'string' && /^[a-z0-9_]{1,100}$/.test(o.plural) ? o.plural : undefined;
  return { key: o.key, subs, english: o.english, ...(plural ? { plural } : {}) };
}

type Shape = Record<string, Check<unknown>>;
export type Infer<S extends Shape> = {
  [K in keyof S as undefined extends ReturnType<S[K]> ? never : K]: ReturnType<S[K]>;
} & {
  [K in keyof S as undefined extends ReturnType<S[K]> ? K : never]?: Exclude<ReturnType<S[K]>, undefined>;
};

export const obj =
  <S extends Shape>(shape: S): Check<Infer<S>> =>
  (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw new SchemaError(text('core_schema_object', path));
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(shape)) {
      const value = check((v as Record<string, unknown>)[key], `${path}.${key}`);
      if (value !== undefined) out[key] = value;
    }
    return out as Infer<S>;
  };
