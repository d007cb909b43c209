import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: fileURLToPath(new URL('../eslint.config.js', import.meta.url)) });
});

async function lint(code: string, filePath: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error(`ESLint returned no result for ${filePath}`);
  return result.messages;
}

/** The import sources reported by no-restricted-imports, in order. */
async function refusedImports(code: string, filePath: string): Promise<number[]> {
  const messages = await lint(code, filePath);
  const fatal = messages.filter((m) => m.fatal);
  if (fatal.length) throw new Error(`parse error in the snippet: ${fatal[0]?.message}`);
  return messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.line);
}

const NODE_AND_ELECTRON = ["import fs from 'node:fs';", "import { app } from 'electron';", 'export const used = [fs, app];'].join('\n');

describe('process boundaries (no-restricted-imports)', () => {
  it('refuses node:fs and electron in the renderer', async () => {
    expect(await refusedImports(NODE_AND_ELECTRON, 'src/renderer/src/x.ts')).toEqual([1, 2]);
    expect(await refusedImports(NODE_AND_ELECTRON, 'src/renderer/src/pages/record/X.tsx')).toEqual([1, 2]);
  });

  it('refuses bare Node built-ins and their subpaths in the renderer', async () => {
    const code = [
      "import { readFileSync } from 'fs';",
      "import { join } from 'path';",
      "import { exec } from 'child_process';",
      "import { readFile } from 'fs/promises';",
      "import { createHash } from 'crypto';",
      "import os from 'os';",
      "import http from 'http';",
      'export const used = [readFileSync, join, exec, readFile, createHash, os, http];',
    ].join('\n');
    expect(await refusedImports(code, 'src/renderer/src/lib/x.ts')).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses the engine, main and CLI in the renderer but allows shared code and react', async () => {
    const code = [
      "import { generateNote } from '../../../engine/nlp/generate-note';",
      "import { handleRendererCall } from '../../../main/ipc';",
      "import { main } from '../../../cli/index';",
      "import { methods } from '../../../shared/contract';",
      "import { useState } from 'react';",
      "import { call } from './lib/api';",
      'export const used = [generateNote, handleRendererCall, main, methods, useState, call];',
    ].join('\n');
    expect(await refusedImports(code, 'src/renderer/src/pages/x.ts')).toEqual([1, 2, 3]);
  });

  it('refuses Node built-ins and electron in shared code, with the reason', async () => {
    const messages = await lint(NODE_AND_ELECTRON, 'src/shared/x.ts');
    const refused = messages.filter((m) => m.ruleId === 'no-restricted-imports');
    expect(refused.map((m) => m.line)).toEqual([1, 2]);
    expect(refused[1]?.message).toContain('Only src/main and src/preload may import electron');
  });

  it('refuses Node built-ins in the browser bridge of the harness', async () => {
    expect(await refusedImports(NODE_AND_ELECTRON, 'src/cli/harness/bridge.browser.ts')).toEqual([1, 2]);
  });

  it('allows node:fs but refuses electron in the engine and the CLI', async () => {
    expect(await refusedImports(NODE_AND_ELECTRON, 'src/engine/x.ts')).toEqual([2]);
    expect(await refusedImports(NODE_AND_ELECTRON, 'src/engine/nlp/x.ts')).toEqual([2]);
    expect(await refusedImports(NODE_AND_ELECTRON, 'src/cli/commands/x.ts')).toEqual([2]);
    expect(await refusedImports(NODE_AND_ELECTRON, 'src/cli/harness/server-x.ts')).toEqual([2]);
  });

  it('allows electron and Node in main, and only electron in the sandboxed preload', async () => {
    expect(await refusedImports(NODE_AND_ELECTRON, 'src/main/x.ts')).toEqual([]);
    expect(await refusedImports(NODE_AND_ELECTRON, 'src/preload/x.ts')).toEqual([1]);
  });

  it('also catches re-exports', async () => {
    expect(await refusedImports("export { readFileSync } from 'node:fs';", 'src/shared/x.ts')).toEqual([1]);
  });
});

describe('other rules', () => {
  it('bans @ts-ignore', async () => {
    const code = '// @ts-ignore\nexport const n: number = 1;\n';
    const messages = await lint(code, 'src/engine/x.ts');
    expect(messages.map((m) => m.ruleId)).toContain('@typescript-eslint/ban-ts-comment');
  });

  it('enforces the rules of hooks in the renderer', async () => {
    const code = [
      "import { useState } from 'react';",
      'export function C({ on }: { on: boolean }) {',
      '  if (on) {',
      '    const [x] = useState(0);',
      '    return x;',
      '  }',
      '  return 0;',
      '}',
    ].join('\n');
    const messages = await lint(code, 'src/renderer/src/C.tsx');
    expect(messages.map((m) => m.ruleId)).toContain('react-hooks/rules-of-hooks');
  });
});
