import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Language } from '../../shared/schemas/common';

const Sample = z.object({ id: z.string(), title: z.string(), language: Language, transcript: z.string() });
export type Sample = z.infer<typeof Sample>;

/** The sample consultations shipped in resources/samples (our own, for the demo and the app's first run). */
export function listSamples(resourcesDir: string): Sample[] {
  const dir = join(resourcesDir, 'samples');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => Sample.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))));
}
