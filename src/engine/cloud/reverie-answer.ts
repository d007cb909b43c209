import { z } from 'zod';

/** What Reverie's file API answers and its streaming API sends per message (the same fields). */
export const ReverieAnswer = z.object({
  success: z.boolean().optional(),
  final: z.boolean().optional(),
  text: z.string().optional(),
  display_text: z.string().optional(),
  confidence: z.number().optional(),
  cause: z.string().optional(),
});
export type ReverieAnswer = z.infer<typeof ReverieAnswer>;
