import { createHash, randomUUID } from 'node:crypto';
import { type Coding, CONFIDENTIALITY, profile, URN_IETF } from './codes';

/** A FHIR R4 resource as JSON. Shapes are checked by the R4 validator in the tests. */
export type Resource = { resourceType: string; id: string } & Record<string, unknown>;

export interface Reference {
  reference: string;
  type?: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface BundleEntry {
  fullUrl: string;
  resource: Resource;
}

export interface Bundle {
  resourceType: 'Bundle';
  id: string;
  meta: { lastUpdated: string; profile: string[]; security: Coding[] };
  identifier: { system: string; value: string };
  type: 'document';
  timestamp: string;
  entry: BundleEntry[];
}

/** Makes resource ids: random UUIDs by default, or a fixed sequence so tests get the same bundle twice. */
export type IdGenerator = () => string;

export const randomIds: IdGenerator = () => randomUUID();

/** Version-4-shaped UUIDs from a seed and a counter: deterministic, and unique within a seed. */
export function seededIds(seed: string): IdGenerator {
  let n = 0;
  return () => {
    const h = createHash('sha256').update(`${seed}:${n++}`).digest('hex');
    const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
}

export const concept = (coding: Coding, text?: string): CodeableConcept => ({ coding: [coding], ...(text ? { text } : {}) });
export const textConcept = (text: string): CodeableConcept => ({ text });

/** Collects the resources of one document bundle, each under a urn:uuid: full URL. */
export class BundleBuilder {
  private readonly entries: BundleEntry[] = [];

  constructor(
    readonly newId: IdGenerator,
    /** The export time (Bundle.timestamp, Composition.date). */
    readonly now: string,
  ) {}

  /** Adds a resource (profiled with the NRCeS profile of its type unless told otherwise) and returns a reference to it. */
  add(resourceType: string, body: Record<string, unknown>, profileName: string | null = resourceType, display?: string): Reference {
    const id = this.newId();
    const resource: Resource = { resourceType, id, ...(profileName ? { meta: { profile: [profile(profileName)] } } : {}), ...body };
    this.entries.push({ fullUrl: `urn:uuid:${id}`, resource });
    return { reference: `urn:uuid:${id}`, type: resourceType, ...(display ? { display } : {}) };
  }

  /** The stored resource behind a reference, to fill in links known only later (an encounter's diagnoses). */
  get(ref: Reference): Resource {
    const entry = this.entries.find((e) => e.fullUrl === ref.reference);
    if (!entry) throw new Error(`No resource ${ref.reference} in the bundle.`);
    return entry.resource;
  }

  /** The document: the Composition first, as FHIR requires, then everything else in the order added. */
  document(compositionRef: Reference): Bundle {
    const first = this.entries.find((e) => e.fullUrl === compositionRef.reference);
    if (!first) throw new Error('The Composition was not added to the bundle.');
    const id = this.newId();
    return {
      resourceType: 'Bundle',
      id,
      meta: { lastUpdated: this.now, profile: [profile('DocumentBundle')], security: [{ system: CONFIDENTIALITY, code: 'V', display: 'very restricted' }] },
      identifier: { system: URN_IETF, value: `urn:uuid:${id}` },
      type: 'document',
      timestamp: this.now,
      entry: [first, ...this.entries.filter((e) => e !== first)],
    };
  }
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A section's human-readable text (FHIR narrative is XHTML in one div). */
export function narrative(lines: string[]): { status: 'generated'; div: string } {
  const body = lines.map((l) => `<p>${escapeXml(l)}</p>`).join('');
  return { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${body}</div>` };
}
