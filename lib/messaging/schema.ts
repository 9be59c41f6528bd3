/*
 * A minimal runtime schema for message payloads: each checker returns the value rebuilt from what it
 * checked (unknown fields dropped) or throws SchemaError with the path of the first bad field.
 */

export class SchemaError extends Error {}

export type Check<T> = (value: unknown, path: string) => T;

export const str =
  (max = 4096, min = 0): Check<string> =>
  (v, path) => {
    if (typeof v !== 'string' || v.length > max || v.length < min)
      throw new SchemaError(`${path} must be a string of ${min} to ${max} characters`);
    return v;
  };

export const int =
  (min: number, max: number): Check<number> =>
  (v, path) => {
    if (!Number.isSafeInteger(v) || (v as number) < min || (v as number) > max)
      throw new SchemaError(`${path} must be a whole number from ${min} to ${max}`);
    return v as number;
  };

/** A finite number (CSS pixel coordinates are fractional). */
export const num =
  (min: number, max: number): Check<number> =>
  (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
      throw new SchemaError(`${path} must be a number from ${min} to ${max}`);
    return v;
  };

export const bool: Check<boolean> = (v, path) => {
  if (typeof v !== 'boolean') throw new SchemaError(`${path} must be true or false`);
  return v;
};

export const oneOf =
  <T extends string>(...values: T[]): Check<T> =>
  (v, path) => {
    if (!values.includes(v as T)) throw new SchemaError(`${path} must be one of ${values.join(', ')}`);
    return v as T;
  };

export const arrayOf =
  <T>(item: Check<T>, max = 10_000): Check<T[]> =>
  (v, path) => {
    if (!Array.isArray(v) || v.length > max) throw new SchemaError(`${path} must be a list of at most ${max} items`);
    return v.map((x, i) => item(x, `${path}[${i}]`));
  };

export const optional =
  <T>(check: Check<T>): Check<T | undefined> =>
  (v, path) =>
    v === undefined ? undefined : check(v, path);

type Shape = Record<string, Check<unknown>>;
export type Infer<S extends Shape> = {
  [K in keyof S as undefined extends ReturnType<S[K]> ? never : K]: ReturnType<S[K]>;
} & {
  [K in keyof S as undefined extends ReturnType<S[K]> ? K : never]?: Exclude<ReturnType<S[K]>, undefined>;
};

export const obj =
  <S extends Shape>(shape: S): Check<Infer<S>> =>
  (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new SchemaError(`${path} must be an object`);
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(shape)) {
      const value = check((v as Record<string, unknown>)[key], `${path}.${key}`);
      if (value !== undefined) out[key] = value;
    }
    return out as Infer<S>;
  };
