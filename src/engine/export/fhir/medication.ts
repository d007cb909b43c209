import type { Medication } from '../../../shared/schemas/note';
import { doseSlots, doseText, drugName, type Slot, slotNames } from '../format';
import { type BundleBuilder, concept, type Reference, textConcept } from './builder';
import { FOOD_INSTRUCTION, ROUTES, UCUM } from './codes';
import type { Parties } from './parties';

/** FHIR EventTiming for each time of day of the Indian pattern. */
const WHEN: Record<Slot, string> = { morning: 'MORN', noon: 'AFT', evening: 'EVE', night: 'NIGHT' };
const SLOT_WORD: Record<Slot, string> = { morning: 'morning', noon: 'afternoon', evening: 'evening', night: 'night' };

/** Forms whose "1" in 1-0-1 counts a unit one can hand over; for syrups and creams the amount is in the strength. */
const DOSE_UNIT: Record<string, string> = { tablet: 'tablet', capsule: 'capsule', sachet: 'sachet', inhaler: 'puff', drops: 'drop' };

export function medicationText(m: Medication): string {
  return [drugName(m), m.strength ?? '', m.form ?? '', m.brand && m.brand.toLowerCase() !== m.name.toLowerCase() ? `(${m.brand})` : ''].filter(Boolean).join(' ');
}

function scheduleText(m: Medication): string {
  const slots = doseSlots(m.frequency);
  if (slots) {
    const names = slotNames(slots.length);
    const when = slots.map((d, i) => (d > 0 ? `${doseText(d)} ${SLOT_WORD[names[i] ?? 'night']}` : '')).filter(Boolean);
    return `${slots.map(doseText).join('-')} (${when.join(', ')})`;
  }
  switch (m.frequency) {
    case 'SOS':
      return 'when needed (SOS)';
    case 'STAT':
      return 'once, immediately (STAT)';
    case 'once':
      return 'once';
    case 'weekly':
      return 'once a week';
    default:
      return '';
  }
}

/** "1-0-1 (1 morning, 1 night), after food, for 5 days": the instruction as a person reads it. */
export function dosageText(m: Medication): string {
  return [
    scheduleText(m),
    m.timing ?? '',
    m.route && m.route !== 'oral' ? m.route : '',
    m.durationDays != null ? `for ${m.durationDays} day${m.durationDays === 1 ? '' : 's'}` : '',
    m.instructions ?? '',
  ]
    .filter(Boolean)
    .join(', ');
}

function additionalInstruction(m: Medication) {
  switch (m.timing) {
    case 'after food':
    case 'with food':
      return [concept(FOOD_INSTRUCTION.after, m.timing)];
    case 'before food':
      return [concept(FOOD_INSTRUCTION.before, 'before food')];
    case 'empty stomach':
      return [textConcept('On an empty stomach')];
    case 'bedtime':
      return [textConcept('At bedtime')];
    default:
      return undefined;
  }
}

/**
 * Dosage instructions for one medicine. A pattern with different amounts at different times
 * ("1-0-2") becomes one Dosage per amount, all in the same sequence (taken together), since a
 * FHIR Dosage has one dose for all its times.
 */
export function dosageInstructions(m: Medication): Record<string, unknown>[] {
  const bounds = m.durationDays != null ? { boundsDuration: { value: m.durationDays, unit: 'days', system: UCUM, code: 'd' } } : {};
  const route = m.route ? (ROUTES[m.route.toLowerCase()] ? concept(ROUTES[m.route.toLowerCase()]!, m.route) : textConcept(m.route)) : undefined;
  const extra = additionalInstruction(m);
  const unit = m.form ? DOSE_UNIT[m.form.toLowerCase()] : undefined;
  const common = {
    text: dosageText(m),
    ...(extra ? { additionalInstruction: extra } : {}),
    ...(m.instructions ? { patientInstruction: m.instructions } : {}),
    ...(route ? { route } : {}),
  };
  const slots = doseSlots(m.frequency);
  if (slots) {
    const names = slotNames(slots.length);
    const byDose = new Map<number, string[]>();
    slots.forEach((dose, i) => {
      if (dose <= 0) return;
      const slot = names[i] ?? 'night';
      const code = slot === 'night' && m.timing === 'bedtime' ? 'HS' : WHEN[slot];
      byDose.set(dose, [...(byDose.get(dose) ?? []), code]);
    });
    if (byDose.size === 0) return [{ sequence: 1, ...common }];
    return [...byDose].map(([dose, when]) => ({
      sequence: 1,
      ...common,
      timing: { repeat: { ...bounds, frequency: when.length, period: 1, periodUnit: 'd', when } },
      ...(unit ? { doseAndRate: [{ doseQuantity: { value: dose, unit } }] } : {}),
    }));
  }
  switch (m.frequency) {
    case 'SOS':
      return [{ sequence: 1, ...common, ...(m.durationDays != null ? { timing: { repeat: bounds } } : {}), asNeededBoolean: true }];
    case 'STAT':
    case 'once':
      return [{ sequence: 1, ...common, timing: { repeat: { count: 1 } } }];
    case 'weekly':
      return [{ sequence: 1, ...common, timing: { repeat: { ...bounds, frequency: 1, period: 1, periodUnit: 'wk' } } }];
    default:
      return [{ sequence: 1, ...common, ...(m.durationDays != null ? { timing: { repeat: bounds } } : {}) }];
  }
}

export interface MedicationRequestOptions {
  /** Diagnoses the medicine is for; linked only when the note makes that unambiguous (one diagnosis). */
  reasons: Reference[];
  authoredOn: string;
  /** A drug the doctor said not to take: recorded as a request not to do it. */
  doNotPerform?: boolean;
}

export function addMedicationRequest(b: BundleBuilder, m: Medication, who: Parties, opts: MedicationRequestOptions): Reference {
  const text = medicationText(m);
  return b.add(
    'MedicationRequest',
    {
      status: 'active',
      intent: 'order',
      ...(opts.doNotPerform ? { doNotPerform: true } : {}),
      medicationCodeableConcept: textConcept(text),
      subject: who.patient,
      encounter: who.encounter,
      authoredOn: opts.authoredOn,
      requester: who.practitioner,
      ...(opts.reasons.length ? { reasonReference: opts.reasons } : {}),
      ...(m.action === 'continue' ? { note: [{ text: 'Continue the current medicine.' }] } : {}),
      ...(opts.doNotPerform ? { note: [{ text: `Do not take ${m.name}.` }] } : { dosageInstruction: dosageInstructions(m) }),
    },
    'MedicationRequest',
    text,
  );
}
