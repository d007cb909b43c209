import type { MethodName } from '../shared/channels';
import type { CallResult, MethodOutput, ParsedInput } from '../shared/contract';
import { parseCall, parseOutput } from '../shared/validate';

export type Handlers = { [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M> };

/** A failure a user can act on: its message is shown as it is. */
export class UserError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * The one entry for every call into the engine, whatever the host: validates the input,
 * runs the handler, validates the output and turns any failure into a result.
 */
export async function dispatch(handlers: Handlers, method: unknown, input: unknown): Promise<CallResult<unknown>> {
  const call = parseCall(method, input);
  if (!call.ok) return call;
  try {
    const handler = handlers[call.method] as (i: unknown) => unknown;
    const value = await handler(call.input);
    return parseOutput(call.method, value);
  } catch (err) {
    if (err instanceof UserError) return { ok: false, error: { code: err.code, message: err.message } };
    // Only the error's class goes to the log: messages can quote patient data. The user gets a sentence.
    const code = (err as { code?: unknown })?.code;
    console.error(`[engine] ${call.method} failed: ${err instanceof Error ? err.name : 'unknown error'}${typeof code === 'string' ? ` (${code})` : ''}`);
    return {
      ok: false,
      error: { code: 'internal', message: 'Something went wrong inside MedScribe. Your data is unchanged; please try again.' },
    };
  }
}
