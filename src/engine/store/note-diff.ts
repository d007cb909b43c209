/** Differences between two versions of a note (or any JSON), as a list of changed paths. */

export interface NoteChange {
  /** JSON path, e.g. `soap.plan.medications[0].frequency`. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function walk(before: unknown, after: unknown, path: string, out: NoteChange[]): void {
  if (Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) {
      if (i >= after.length) out.push({ path: join(path, i), kind: 'removed', before: before[i] });
      else if (i >= before.length) out.push({ path: join(path, i), kind: 'added', after: after[i] });
      else walk(before[i], after[i], join(path, i), out);
    }
    return;
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const k of keys) {
      const inBefore = Object.hasOwn(before, k) && before[k] !== undefined;
      const inAfter = Object.hasOwn(after, k) && after[k] !== undefined;
      if (inBefore && !inAfter) out.push({ path: join(path, k), kind: 'removed', before: before[k] });
      else if (!inBefore && inAfter) out.push({ path: join(path, k), kind: 'added', after: after[k] });
      else if (inBefore && inAfter) walk(before[k], after[k], join(path, k), out);
    }
    return;
  }
  if (!Object.is(before, after)) out.push({ path: path || '(whole)', kind: 'changed', before, after });
}

/** Every path whose value differs, in a stable order. Empty when the two are equal. */
export function diffNotes(before: unknown, after: unknown): NoteChange[] {
  const out: NoteChange[] = [];
  walk(before, after, '', out);
  return out;
}
