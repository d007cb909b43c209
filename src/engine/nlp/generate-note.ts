import type { Language } from '../../shared/schemas/common';
import type { ClinicalNote, ReviewFlag, Symptom } from '../../shared/schemas/note';
import { createContext, sentenceOf } from './context';
import { extractAllergies, extractDiagnoses, extractInvestigations, extractSymptoms, type Resolved, resolveKind } from './findings';
import { extractAdvice, extractFollowUp, extractMedications, planStartOf } from './plan';
import { findBodyPain, GENERIC } from './body-pain';
import { findUnlistedDrugs } from './unlisted';
import { extractVitals } from './vitals';

export interface NoteOptions {
  resourcesDir: string;
  now?: Date;
}

/** Longer than any consultation; beyond it the engine reads only the start and says so. */
export const MAX_TRANSCRIPT_CHARS = 200_000;

function describe(s: Symptom): string {
  return s.durationDays != null ? `${s.name} for ${s.durationDays} day${s.durationDays === 1 ? '' : 's'}` : s.name;
}

/**
 * The offline clinical engine: a SOAP note and prescription from a Tamil, Telugu, English or
 * code-mixed transcript, with lexicons and grammar from resources/lexicons. Every fact carries
 * the transcript span it came from; nothing is recorded that was not said.
 */
export function generateNote(transcript: string, language: Language, opts: NoteOptions): ClinicalNote {
  const flags: ReviewFlag[] = [];
  let text = transcript.normalize('NFC');
  if (text.length > MAX_TRANSCRIPT_CHARS) {
    text = text.slice(0, MAX_TRANSCRIPT_CHARS);
    flags.push({ severity: 'warning', code: 'transcript-truncated', message: `Only the first ${MAX_TRANSCRIPT_CHARS.toLocaleString('en-IN')} characters of the transcript were read.`, evidence: [] });
  }
  const ctx = createContext(text, opts.resourcesDir);
  const resolved: Resolved[] = [];
  for (const m of ctx.mentions) {
    const surface = resolveKind(ctx, m);
    if (surface) resolved.push({ mention: m, surface });
  }
  const bodyPain = findBodyPain(ctx, resolved);
  for (const b of bodyPain) {
    const i = resolved.findIndex((r) => GENERIC.has(r.surface.name) && r.mention.start < b.mention.end && b.mention.start < r.mention.wordEnd);
    if (i >= 0) resolved.splice(i, 1);
  }
  resolved.push(...bodyPain);
  const unlisted = findUnlistedDrugs(ctx, resolved);
  resolved.push(...unlisted);
  resolved.sort((a, b) => a.mention.start - b.mention.start);
  for (const u of unlisted) {
    const ev = ctx.evidence({ start: u.mention.start, end: u.mention.end });
    flags.push({ severity: 'warning', code: 'unlisted-drug', message: `"${ev.text}" is not in MedScribe's drug list; it was kept as said. Check the name and dose.`, evidence: [ev] });
  }

  const planStart = planStartOf(ctx, resolved);
  const { followUp, clauses: followUpClauses } = extractFollowUp(ctx, planStart);
  const meds = extractMedications(ctx, resolved, followUpClauses);
  // "Avoid cold drinks" is advice, not a cold: symptoms are not read from prescriptions or advice.
  const { advice, sentences: adviceSentences } = extractAdvice(ctx, resolved, meds.drugSentences, followUpClauses, planStart);
  // Return precautions ("come back if the redness spreads") are not findings either.
  const followUpSentences = followUpClauses.map((c) => sentenceOf(ctx, c.start)?.start ?? -1);
  const sym = extractSymptoms(ctx, resolved, new Set([...meds.drugSentences, ...adviceSentences, ...followUpSentences]));
  const { vitals, implausible } = extractVitals(ctx);
  const diagnoses = extractDiagnoses(ctx, resolved);
  const investigations = extractInvestigations(ctx, resolved);
  const allergy = extractAllergies(ctx, resolved);

  // Review flags: everything uncertain is put in front of the doctor.
  for (const name of sym.conflicts) {
    flags.push({ severity: 'warning', code: 'contradiction', message: `"${name}" was said both as present and as absent; it is recorded as absent. Please confirm.`, evidence: [] });
  }
  for (const ev of implausible) {
    flags.push({ severity: 'warning', code: 'implausible-vital', message: `"${ev.text}" is outside any plausible range and was not recorded. Please check.`, evidence: [ev] });
  }
  for (const m of meds.medications) {
    const ev = m.evidence.slice(0, 1);
    if (!m.strength) flags.push({ severity: 'warning', code: 'missing-strength', message: `The strength of ${m.name} was not said.`, evidence: ev });
    if (!m.frequency) flags.push({ severity: 'warning', code: 'missing-frequency', message: `How often to take ${m.name} was not said.`, evidence: ev });
    if (m.durationDays === undefined && m.action === 'start' && m.frequency !== 'SOS') {
      flags.push({ severity: 'info', code: 'missing-duration', message: `For how many days to take ${m.name} was not said.`, evidence: ev });
    }
    const drugClass = ctx.lex.drugs.get(m.name)?.drugClass ?? '';
    for (const [allergen, classes] of allergy.classesCovered) {
      if (classes.some((c) => c && (m.name === c || drugClass.includes(c)))) {
        flags.push({ severity: 'danger', code: 'allergy-conflict', message: `${m.name} is prescribed, but the patient is allergic to ${allergen}.`, evidence: ev });
      }
    }
  }
  for (const n of meds.notes) flags.push({ severity: 'warning', code: 'assumed-unit', message: n, evidence: [] });
  for (const a of meds.avoid) {
    flags.push({ severity: 'info', code: 'avoid', message: `The doctor said not to take ${a.name}; it is kept out of the prescription.`, evidence: a.evidence });
  }

  // Signs the doctor found on examination ("tonsils red", "pallor") belong to Objective, not to the complaints.
  // A denied sign ("கால் வீக்கம் இல்லை") is still a pertinent negative the patient reported.
  const symptoms = sym.symptoms.filter((s) => !sym.signs.has(s.name) || s.negated);
  const examination = sym.symptoms.filter((s) => sym.signs.has(s.name)).map((s) => ({ finding: s.name, negated: s.negated, evidence: s.evidence }));
  const present = symptoms.filter((s) => !s.negated);
  const denied = symptoms.filter((s) => s.negated);
  const chiefComplaint = present.slice(0, 3).map(describe).join(', ');
  const historyParts = [present.map(describe).join('; '), denied.length ? `No ${denied.map((s) => s.name).join(', no ')}` : ''];
  if (meds.history.length) historyParts.push(`Has taken ${meds.history.map((h) => h.name).join(', ')}`);
  const history = historyParts.filter(Boolean).join('. ');

  const vitalKeys = Object.keys(vitals).filter((k) => k !== 'evidence');
  const noMedicalContent =
    sym.symptoms.length === 0 &&
    vitalKeys.length === 0 &&
    diagnoses.length === 0 &&
    meds.medications.length === 0 &&
    investigations.length === 0 &&
    allergy.allergies.length === 0;
  if (noMedicalContent) {
    flags.push({ severity: 'warning', code: 'no-medical-content', message: 'No symptoms, findings, diagnosis or medicines were found in this transcript. Nothing was recorded.', evidence: [] });
  }

  return {
    schemaVersion: 1,
    language,
    createdAt: (opts.now ?? new Date()).toISOString(),
    chiefComplaint,
    soap: {
      subjective: {
        chiefComplaint,
        history,
        symptoms,
        allergies: allergy.allergies,
        noKnownAllergies: allergy.noKnownAllergies,
      },
      objective: {
        vitals,
        examination,
      },
      assessment: { diagnoses },
      plan: {
        medications: meds.medications,
        investigations,
        advice,
        followUpDays: followUp?.days,
        followUpText: followUp ? ctx.evidence(followUp.span).text : undefined,
        avoid: meds.avoid,
        givenInClinic: meds.inClinic,
        previousMedications: meds.history,
      },
    },
    flags,
    noMedicalContent,
    engines: { entities: 'offline-rules', soap: 'offline-rules' },
  };
}
