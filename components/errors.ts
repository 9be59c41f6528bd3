/** What a failed callback tells the user: its message, and the field or reason `code` names. */
export interface Failure {
  message: string;
  code: string | undefined;
}

export function failureOf(e: unknown): Failure {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { message: e.message, code: typeof code === 'string' ? code : undefined };
  }
  return { message: String(e), code: undefined };
}
