// Bundles the medscribe command (and the browser harness bridge) into out/cli.
// Runs on `npm install` (prepare) so `npx medscribe` works straight after install.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: { medscribe: join(root, 'src/cli/index.ts') },
  outdir: join(root, 'out/cli'),
  // Code that only some commands need (PDF, store, cloud) is split out and loaded on first use,
  // so `medscribe note` starts fast.
  splitting: true,
  // Chunks stay beside the entry: paths.ts resolves resources/ relative to its own file.
  chunkNames: 'chunk-[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

await build({
  entryPoints: [join(root, 'src/cli/harness/bridge.browser.ts')],
  outfile: join(root, 'out/cli/bridge.js'),
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  logLevel: 'warning',
});
