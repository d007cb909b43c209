import type { z } from 'zod';
import { isMethodName, type MethodName } from './channels';
import { methods, type CallError, type CallResult, type ParsedInput } from './contract';

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}

/**
 * Checks a call that crossed a process boundary. A malformed call is refused here with a
 * sentence the user can act on, and never reaches a handler.
 */
export function parseCall(
  method: unknown,
  input: unknown,
): { ok: true; method: MethodName; input: ParsedInput<MethodName> } | { ok: false; error: CallError } {
  if (!isMethodName(method)) {
    return {
      ok: false,
      error: { code: 'unknown-method', message: `MedScribe has no action called "${String(method).slice(0, 60)}".` },
    };
  }
  const parsed = methods[method].input.safeParse(input ?? {});
  if (!parsed.success) {
    const issues = describeIssues(parsed.error);
    return {
      ok: false,
      error: {
        code: 'invalid-input',
        message: `The request to "${method}" was refused because its data is not valid: ${issues[0] ?? 'unknown problem'}.`,
        issues,
      },
    };
  }
  return { ok: true, method, input: parsed.data as ParsedInput<MethodName> };
}

/** Checks what a handler produced before it leaves the engine. */
export function parseOutput<M extends MethodName>(method: M, value: unknown): CallResult<unknown> {
  const parsed = methods[method].output.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid-output',
        message: 'MedScribe produced a result it could not check. Nothing was saved; please try again.',
        issues: describeIssues(parsed.error),
      },
    };
  }
  return { ok: true, value: parsed.data };
}
