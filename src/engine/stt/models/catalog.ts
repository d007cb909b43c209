/** The model catalog (resources/models/catalog.json): what can be downloaded or imported, and defaults. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Language } from '../../../shared/schemas/common';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const CatalogEntry = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/),
  file: z.string().regex(/^[\w.-]+\.bin$/),
  description: z.string(),
  languages: z.array(Language).min(1),
  /** Encoder layers: checked against the file on import. */
  layers: z.number().int().positive(),
  quantization: z.string(),
  bytes: z.number().int().positive().nullable(),
  sha256: Sha256.nullable(),
  /** false: no ggml file is published; convert and import it. */
  download: z.boolean(),
  source: z.string().optional(),
  license: z.string(),
  encoderSecPer30s: z.number().positive().nullable(),
  speedBasis: z.string(),
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;

const ModelCatalogSchema = z.object({
  schemaVersion: z.literal(1),
  baseUrl: z.string().regex(/^https?:\/\//),
  models: z.array(CatalogEntry),
  preference: z.object({ ta: z.array(z.string()), te: z.array(z.string()), en: z.array(z.string()) }),
  recommended: z.object({ ta: z.string(), te: z.string(), en: z.string() }),
});
export type ModelCatalog = z.infer<typeof ModelCatalogSchema>;

export function parseCatalog(json: unknown): ModelCatalog {
  const catalog = ModelCatalogSchema.parse(json);
  const names = new Set<string>();
  for (const m of catalog.models) {
    if (names.has(m.name)) throw new Error(`The model catalog lists "${m.name}" twice.`);
    names.add(m.name);
    if (m.download && (!m.sha256 || !m.bytes)) throw new Error(`The model catalog offers "${m.name}" for download without its sha256 and size.`);
  }
  for (const lang of Language.options) {
    for (const n of [...catalog.preference[lang], catalog.recommended[lang]]) {
      if (!names.has(n)) throw new Error(`The model catalog's preference for ${lang} names an unknown model "${n}".`);
    }
  }
  return catalog;
}

export function loadCatalog(resourcesDir: string): ModelCatalog {
  const path = join(resourcesDir, 'models', 'catalog.json');
  return parseCatalog(JSON.parse(readFileSync(path, 'utf8')));
}

/** Where a catalog model is downloaded from: MEDSCRIBE_MODELS_URL (a clinic mirror, a test server) or the catalog's base URL. */
export function modelUrl(catalog: ModelCatalog, entry: CatalogEntry, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.MEDSCRIBE_MODELS_URL?.trim() || catalog.baseUrl;
  return `${base.replace(/\/+$/, '')}/${entry.file}`;
}
