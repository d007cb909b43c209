/**
 * Every channel and method name in one place. Kept free of zod so the sandboxed preload can
 * import it without bundling schemas.
 */
export const IPC_CALL_CHANNEL = 'medscribe:call';
export const IPC_EVENT_CHANNEL = 'medscribe:event';

export const METHOD_NAMES = ['app.info', 'samples.list', 'note.generate'] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

export const EVENT_NAMES = ['job.progress', 'recording.level', 'engine.status'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && (METHOD_NAMES as readonly string[]).includes(name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}
