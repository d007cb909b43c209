#!/usr/bin/env node
// The medscribe command. The code lives in out/cli, built from src/cli on install.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'cli', 'medscribe.mjs');
if (!existsSync(entry)) {
  process.stderr.write('medscribe is not built yet. Run `npm install` (or `npm run build:cli`) in the MedScribe folder.\n');
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
