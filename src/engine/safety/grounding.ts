/**
 * The grounding check for a note written by a language model: every drug, strength, dose
 * duration, vital and follow-up number must be found in the transcript (digits or Tamil/Telugu/
 * English number words; a brand counts for its generic and its strength). Anything that is not
 * is removed and a danger flag says so; nothing ungrounded is kept silently. Prescribed drugs are
 * also checked against the offline engine's reading of the same transcript.
 */
import type { Evidence } from '../../shared/schemas/common';
import type { ClinicalNote, Medication, ReviewFlag, VitalKey } from '../../shared/schemas/note';
import { containsWord, type Span } from '../nlp/text';
import { daysSupported, indexTranscript, numbersIn, numbersWithin, type TranscriptIndex } from './transcript-index';

export interface GroundingInput {
  /** The model's note, mapped to ClinicalNote, with no evidence yet. */
  draft: ClinicalNote;
  /** The text the model was given (PHI put back, instruction sentences blanked). */
  transcript: string;
  /** The offline engine's note on the same text. */
  offline: ClinicalNote;
  resourcesDir: string;
}

const flag = (severity: ReviewFlag['severity'], code: string, message: string, evidence: Evidence[] = []): ReviewFlag => ({ severity, code, message, evidence });

interface DrugHit {
  generic: string;
  listed: boolean;
  spans: Span[];
  brandStrengths: { span: Span; strength: string }[];
}

function findDrug(ix: TranscriptIndex, med: Medication): DrugHit | null {
  for (const name of [med.name, med.brand].filter((n): n is string => !!n)) {
    const generic = ix.genericOf(name);
    if (generic) {
      const hits = ix.mentionsOf('drug', generic);
      if (!hits.length) continue;
      return {
        generic,
        listed: true,
        spans: hits.map((h) => ({ start: h.mention.start, end: h.mention.wordEnd })),
        brandStrengths: hits.filter((h) => h.surface.brandStrength).map((h) => ({ span: { start: h.mention.start, end: h.mention.wordEnd }, strength: h.surface.brandStrength! })),
      };
    }
    // Not in the drug list: accepted only when said word for word.
    const said = ix.find(name);
    if (said) return { generic: name.toLowerCase(), listed: false, spans: [said], brandStrengths: [] };
  }
  return null;
}

const sameNumbers = (a: string, b: string) => numbersIn(a).join('/') === numbersIn(b).join('/');

/** Grounds one medication; returns null when it must go. */
function groundMedication(ix: TranscriptIndex, med: Medication, flags: ReviewFlag[], offline: ClinicalNote): Medication | null {
  const hit = findDrug(ix, med);
  if (!hit) {
    flags.push(flag('danger', 'ungrounded-drug', `The cloud engine wrote ${med.name}${med.strength ? ` ${med.strength}` : ''}, which is not in the transcript. It was removed; add it yourself if it was prescribed.`));
    return null;
  }
  const drugEv = hit.spans.map((s) => ix.evidence(s));
  const avoided = offline.soap.plan.avoid.find((a) => a.name === hit.generic);
  const prescribedOffline = [...offline.soap.plan.medications, ...offline.soap.plan.givenInClinic].find((m) => m.name === hit.generic);
  if (avoided && !prescribedOffline) {
    flags.push(flag('danger', 'avoided-drug-prescribed', `The doctor said not to take ${hit.generic}, but the cloud engine prescribed it. It was removed.`, avoided.evidence));
    return null;
  }
  const out: Medication = { ...med, name: hit.generic, evidence: [drugEv[0]!] };
  if (!hit.listed) flags.push(flag('warning', 'unlisted-drug', `"${med.name}" is not in MedScribe's drug list; it was kept as said. Check the name and dose.`, drugEv.slice(0, 1)));
  if (!prescribedOffline) {
    flags.push(flag('warning', 'cloud-only-drug', `Only the cloud engine read ${hit.generic} as prescribed; the offline engine did not. Check that it was prescribed.`, drugEv.slice(0, 1)));
  }
  const windows = hit.spans.map((s) => ix.windowAt(s.start));
  const saidNear = windows.flatMap((w) => numbersWithin(ix, w));

  if (med.strength) {
    const wanted = numbersIn(med.strength);
    const found = wanted.map((v) => saidNear.find((n) => n.value === v));
    const brand = hit.brandStrengths.find((b) => sameNumbers(b.strength, med.strength!));
    if (wanted.length && found.every(Boolean)) {
      // "Dolo 650": the number inside the brand is already its evidence.
      const outside = found.filter((n) => !hit.spans.some((sp) => n!.start >= sp.start && n!.end <= sp.end));
      out.evidence.push(...outside.map((n) => ix.evidence(n!)));
    }
    else if (brand) out.evidence.push(ix.evidence(brand.span));
    else {
      flags.push(flag('danger', 'ungrounded-strength', `The strength "${med.strength}" of ${hit.generic} is not in the transcript; it was removed. Enter the strength that was said.`, drugEv.slice(0, 1)));
      out.strength = undefined;
    }
  }
  if (med.durationDays !== undefined) {
    const n = daysSupported(med.durationDays, saidNear);
    if (n) out.evidence.push(ix.evidence(n));
    else {
      flags.push(flag('danger', 'ungrounded-duration', `The duration of ${hit.generic} (${med.durationDays} days) is not in the transcript; it was removed.`, drugEv.slice(0, 1)));
      out.durationDays = undefined;
    }
  }
  // As the offline engine does: what was not said is shown, never filled in.
  if (!out.strength && !med.strength) {
    flags.push(flag('warning', 'missing-strength', `The strength of ${hit.generic} was not said.`, drugEv.slice(0, 1)));
  }
  if (!out.frequency) flags.push(flag('warning', 'missing-frequency', `How often to take ${hit.generic} was not said.`, drugEv.slice(0, 1)));
  if (prescribedOffline) {
    const diffs: string[] = [];
    if (out.strength && prescribedOffline.strength && !sameNumbers(out.strength, prescribedOffline.strength)) diffs.push(`strength ${out.strength} / ${prescribedOffline.strength}`);
    if (out.frequency && prescribedOffline.frequency && out.frequency !== prescribedOffline.frequency) diffs.push(`frequency ${out.frequency} / ${prescribedOffline.frequency}`);
    if (diffs.length) flags.push(flag('warning', 'engines-disagree', `The cloud and offline engines read ${hit.generic} differently (${diffs.join('; ')}). Check.`, drugEv.slice(0, 1)));
  }
  return out;
}

/** The same plausible ranges the offline engine applies. */
const PLAUSIBLE: Record<VitalKey, [number, number]> = {
  temperatureF: [90, 110],
  temperatureC: [32, 43.5],
  systolic: [50, 300],
  diastolic: [20, 200],
  pulse: [20, 250],
  spo2: [40, 100],
  respiratoryRate: [4, 90],
  weightKg: [0.5, 300],
  heightCm: [30, 250],
  fastingSugar: [20, 900],
  postprandialSugar: [20, 900],
  randomSugar: [20, 900],
};

function groundVitals(ix: TranscriptIndex, draft: ClinicalNote, flags: ReviewFlag[]): ClinicalNote['soap']['objective']['vitals'] {
  const out: ClinicalNote['soap']['objective']['vitals'] = { evidence: {} };
  for (const [k, v] of Object.entries(draft.soap.objective.vitals)) {
    if (k === 'evidence' || typeof v !== 'number') continue;
    const key = k as VitalKey;
    const [lo, hi] = PLAUSIBLE[key];
    if (v < lo || v > hi) {
      flags.push(flag('warning', 'implausible-vital', `The cloud engine wrote ${key} ${v}, outside any plausible range. It was not recorded; please check.`));
      continue;
    }
    const n = ix.numbers.find((x) => x.value === v);
    if (n) {
      out[key] = v;
      out.evidence[key] = ix.evidence(n);
    } else {
      flags.push(flag('danger', 'ungrounded-vital', `The cloud engine wrote ${key} ${v}, which is not in the transcript. It was removed.`));
    }
  }
  return out;
}

function evidenceFor(ix: TranscriptIndex, kind: 'symptom' | 'diagnosis' | 'investigation' | 'allergen', name: string): Evidence[] {
  const hits = ix.mentionsOf(kind, name.toLowerCase());
  if (hits.length) return hits.map((h) => ix.evidence({ start: h.mention.start, end: h.mention.wordEnd }));
  const said = ix.find(name);
  return said ? [ix.evidence(said)] : [];
}

export function groundNote(input: GroundingInput): { note: ClinicalNote; flags: ReviewFlag[] } {
  const { draft, offline } = input;
  const ix = indexTranscript(input.transcript, input.resourcesDir);
  const flags: ReviewFlag[] = [];
  const lex = ix.ctx.lex;
  const unsupported: string[] = [];
  const saidYesterday = containsWord(ix.ctx.norm, ix.ctx.words('yesterday'), 0, ix.ctx.norm.length);
  const drugEvidence = (name: string) => ix.mentionsOf('drug', ix.genericOf(name) ?? '').map((h) => ix.evidence({ start: h.mention.start, end: h.mention.wordEnd }));

  const symptoms = draft.soap.subjective.symptoms.map((s) => {
    const evidence = evidenceFor(ix, 'symptom', s.name);
    if (!evidence.length) unsupported.push(s.name);
    const out = { ...s, evidence };
    if (s.durationDays !== undefined) {
      const n = daysSupported(s.durationDays, ix.numbers);
      if (n) out.evidence = [...evidence, ix.evidence(n)];
      else if (!(s.durationDays === 1 && saidYesterday)) {
        flags.push(flag('danger', 'ungrounded-duration', `The cloud engine wrote ${s.name} for ${s.durationDays} days; that number is not in the transcript. It was removed.`, evidence));
        out.durationDays = undefined;
      }
    }
    return out;
  });
  const diagnoses = draft.soap.assessment.diagnoses.map((d) => {
    const evidence = evidenceFor(ix, 'diagnosis', d.name);
    const known = lex.diagnoses.get(d.name.toLowerCase());
    const icd10 = known ? { code: known.icd10, title: known.icd10Title } : undefined;
    // A code the model made up is only a suggestion for the doctor.
    const suggestions = icd10 ? [icd10] : d.icd10 ? [d.icd10] : [];
    if (!evidence.length) unsupported.push(d.name);
    return { ...d, icd10, icd10Suggestions: suggestions, evidence };
  });
  const medications = draft.soap.plan.medications.map((m) => groundMedication(ix, m, flags, offline)).filter((m): m is Medication => m !== null);
  const givenInClinic = draft.soap.plan.givenInClinic.map((m) => groundMedication(ix, m, flags, offline)).filter((m): m is Medication => m !== null);
  const cloudNames = new Set([...medications, ...givenInClinic].map((m) => m.name));
  for (const m of offline.soap.plan.medications) {
    if (!cloudNames.has(m.name)) flags.push(flag('warning', 'offline-only-drug', `The offline engine found ${m.name} in the prescription; the cloud note did not have it. Check.`, m.evidence.slice(0, 1)));
  }

  let followUpDays = draft.soap.plan.followUpDays;
  if (followUpDays !== undefined && !daysSupported(followUpDays, ix.numbers)) {
    flags.push(flag('danger', 'ungrounded-follow-up', `The cloud engine wrote a follow-up in ${followUpDays} days, which is not in the transcript. It was removed.`));
    followUpDays = undefined;
  }
  if (unsupported.length) {
    flags.push(flag('warning', 'unsupported-finding', `Not found word for word in the transcript: ${unsupported.join(', ')}. Check them.`));
  }

  const allergies = draft.soap.subjective.allergies.map((a) => ({ ...a, evidence: evidenceFor(ix, 'allergen', a.substance) }));
  for (const m of medications) {
    const drugClass = lex.drugs.get(m.name)?.drugClass ?? '';
    for (const a of [...allergies, ...offline.soap.subjective.allergies]) {
      const classes = lex.allergens.get(a.substance.toLowerCase()) ?? [a.substance.toLowerCase()];
      if (classes.some((c) => c && (m.name === c || drugClass.includes(c)))) {
        flags.push(flag('danger', 'allergy-conflict', `${m.name} is prescribed, but the patient is allergic to ${a.substance}.`, m.evidence.slice(0, 1)));
        break;
      }
    }
  }

  const note: ClinicalNote = {
    ...draft,
    soap: {
      subjective: { ...draft.soap.subjective, symptoms, allergies },
      objective: {
        vitals: groundVitals(ix, draft, flags),
        examination: draft.soap.objective.examination.map((e) => ({ ...e, evidence: evidenceFor(ix, 'symptom', e.finding) })),
      },
      assessment: { diagnoses },
      plan: {
        ...draft.soap.plan,
        medications,
        givenInClinic,
        followUpDays,
        followUpText: followUpDays === undefined ? undefined : draft.soap.plan.followUpText,
        investigations: draft.soap.plan.investigations.map((i) => ({ ...i, evidence: evidenceFor(ix, 'investigation', i.name) })),
        avoid: draft.soap.plan.avoid.map((a) => ({ ...a, evidence: drugEvidence(a.name) })),
        previousMedications: draft.soap.plan.previousMedications.map((a) => ({ ...a, evidence: drugEvidence(a.name) })),
      },
    },
  };
  return { note, flags };
}
