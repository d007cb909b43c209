import { z } from 'zod';

export const Language = z.enum(['ta', 'te', 'en']);
export type Language = z.infer<typeof Language>;

/** A span of the transcript (UTF-16 offsets, end exclusive) that a fact came from. */
export const Evidence = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string(),
});
export type Evidence = z.infer<typeof Evidence>;

/** Which engine produced a part of the result. */
export const EngineName = z.enum([
  'offline-rules',
  'groq',
  'huggingface',
  'reverie',
  'groq-whisper',
  'whisper-local',
  'doctor',
]);
export type EngineName = z.infer<typeof EngineName>;
