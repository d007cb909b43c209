import type { CallResult } from '../shared/contract';
import { parseCall } from '../shared/validate';

export type Forward = (method: string, input: unknown) => Promise<CallResult<unknown>>;

/**
 * The main-process side of a renderer call: checks the sender and the payload before anything
 * is forwarded to the engine.
 */
export async function handleRendererCall(
  senderUrl: string | undefined,
  isTrustedSender: (url: string) => boolean,
  payload: unknown,
  forward: Forward,
): Promise<CallResult<unknown>> {
  if (!senderUrl || !isTrustedSender(senderUrl)) {
    return { ok: false, error: { code: 'forbidden', message: 'This request did not come from the MedScribe window.' } };
  }
  const { method, input } = (payload ?? {}) as { method?: unknown; input?: unknown };
  const call = parseCall(method, input);
  if (!call.ok) return call;
  return forward(call.method, call.input);
}
