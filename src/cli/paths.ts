import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Both src/cli/*.ts and the bundle out/cli/medscribe.mjs sit two folders below the project root.
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const resourcesDir = fileURLToPath(new URL('../../resources/', import.meta.url));
export const rendererDir = fileURLToPath(new URL('../../out/renderer/', import.meta.url));
export const bridgeFile = fileURLToPath(new URL('../../out/cli/bridge.js', import.meta.url));

export function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
