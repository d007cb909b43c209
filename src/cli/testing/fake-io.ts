import { main } from '../index';
import type { Io } from '../io';

/** An Io that collects what the CLI prints, for tests. */
export function fakeIo(stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => void out.push(t), err: (t) => void err.push(t), readStdin: async () => stdin };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** `medscribe …argv` in-process: the exit code and what it printed. */
export async function medscribe(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const t = fakeIo();
  const code = await main(argv, t.io);
  return { code, stdout: t.stdout(), stderr: t.stderr() };
}
