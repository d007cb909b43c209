import type { MethodName } from '../../../shared/channels';
import type { CallResult, MedscribeApi, MethodInput, MethodOutput } from '../../../shared/contract';

/** The bridge: Electron's preload or the browser harness puts it on `window.medscribe`. */
export function bridge(): MedscribeApi | undefined {
  return window.medscribe;
}

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<CallResult<MethodOutput<M>>> {
  const api = bridge();
  if (!api) {
    return { ok: false, error: { code: 'no-bridge', message: 'MedScribe could not reach its engine. Please restart the app.' } };
  }
  return api.call(method, input);
}
