import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Language } from '../../shared/schemas/common';

const LabelSet = z.object({
  title: z.string(),
  patient: z.string(),
  date: z.string(),
  morning: z.string(),
  noon: z.string(),
  evening: z.string(),
  night: z.string(),
  beforeFood: z.string(),
  afterFood: z.string(),
  withFood: z.string(),
  emptyStomach: z.string(),
  bedtime: z.string(),
  days: z.string(),
  whenNeeded: z.string(),
  onceOnly: z.string(),
  immediately: z.string(),
  weekly: z.string(),
  advice: z.string(),
  tests: z.string(),
  doNotTake: z.string(),
  followUp: z.string(),
  followUpAfter: z.string(),
  clinicPhone: z.string(),
  noMedicines: z.string(),
  continueOld: z.string(),
});
export type LabelSet = z.infer<typeof LabelSet>;
export type LabelKey = keyof LabelSet;

const LabelsFile = z.object({ en: LabelSet, ta: LabelSet, te: LabelSet });
export type Labels = z.infer<typeof LabelsFile>;

const cache = new Map<string, Labels>();

/** The take-home sheet's words in Tamil, Telugu and English (resources/export/labels.json). */
export function loadLabels(resourcesDir: string): Labels {
  const path = join(resourcesDir, 'export', 'labels.json');
  let labels = cache.get(path);
  if (!labels) {
    labels = LabelsFile.parse(JSON.parse(readFileSync(path, 'utf8')));
    cache.set(path, labels);
  }
  return labels;
}

/** A label in the patient's language and in English: ["காலை", "Morning"], or just ["Morning"] for English. */
export function bilingual(labels: Labels, language: Language, key: LabelKey, vars: Record<string, string> = {}): string[] {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');
  const en = fill(labels.en[key]);
  return language === 'en' ? [en] : [fill(labels[language][key]), en];
}
