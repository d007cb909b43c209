// Runs a TypeScript entry (a benchmark) with Node: bundles it with esbuild into out/run, then imports it.
import { build } from 'esbuild';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = process.argv[2];
if (!entry) {
  process.stderr.write('usage: node scripts/run-ts.mjs FILE.ts [args…]\n');
  process.exit(2);
}
// Bundled next to the CLI so `new URL('../../resources/', import.meta.url)` resolves the same way.
const outfile = join(root, 'out', 'run', basename(entry).replace(/\.ts$/, '.mjs'));
await build({
  entryPoints: [resolve(entry)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
process.argv.splice(1, 2, outfile);
await import(pathToFileURL(outfile).href);
