/**
 * A small lexicon for the cloud tests: the real grammar.json and allergens.tsv, and a few
 * drugs, symptoms, investigations and diagnoses in the loader's format. The tests do not depend
 * on the size of the shipped drug list, only on the offline engine's code.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REAL = fileURLToPath(new URL('../../../../resources/lexicons/', import.meta.url));

const DRUGS = `# generic\taliases\tbrands\tform\troute\tclass
paracetamol\tacetaminophen|பாராசிட்டமால்|పారాసిటమాల్\tDolo 650=650 mg|Crocin=500 mg|Calpol=500 mg\ttablet\toral\tanalgesic antipyretic
pantoprazole\t\tPan 40=40 mg|Pantocid=40 mg\ttablet\toral\tproton pump inhibitor
amoxicillin\tamoxycillin\tMox=500 mg|Novamox=500 mg\tcapsule\toral\tpenicillin antibiotic
ibuprofen\t\tBrufen=400 mg\ttablet\toral\tnsaid
cetirizine\t\tOkacet=10 mg|Cetzine=10 mg\ttablet\toral\tantihistamine
metformin\t\tGlycomet=500 mg\ttablet\toral\tbiguanide antidiabetic
amlodipine\t\tAmlong=5 mg\ttablet\toral\tcalcium channel blocker
azithromycin\t\tAzithral=500 mg\ttablet\toral\tmacrolide antibiotic
morphine\t\t\ttablet\toral\topioid analgesic
ondansetron\t\tEmeset=4 mg\ttablet\toral\tantiemetic
`;
const SYMPTOMS = `# canonical\ten\tta\tte\tkind
fever\tfever|feverish\tகாய்ச்சல்\tజ్వరం\tsymptom
cough\tcough\tஇருமல்\tదగ్గు\tsymptom
headache\theadache|head ache\tதலைவலி\tతలనొప్పి\tsymptom
vomiting\tvomiting|vomit\tவாந்தி\tవాంతి|వాంతులు\tsymptom
body ache\tbody ache|body pain\tஉடம்பு வலி\tఒళ్ళు నొప్పులు\tsymptom
sore throat\tsore throat|throat pain\tதொண்டை வலி\tగొంతు నొప్పి\tsymptom
heartburn\theartburn|acidity\tநெஞ்செரிச்சல்\tగుండెల్లో మంట\tsymptom
`;
const INVESTIGATIONS = `# canonical\taliases\tta\tte
complete blood count\tcbc|blood count\t\t
urine routine\turine test\t\t
`;
const DIAGNOSES = `# canonical\ticd10\ttitle\taliases\tta\tte
viral fever\tB34.9\tViral infection, unspecified\t\t\t
hypertension\tI10\tEssential (primary) hypertension\thigh bp\t\t
gastritis\tK29.7\tGastritis, unspecified\t\t\t
acute pharyngitis\tJ02.9\tAcute pharyngitis, unspecified\tpharyngitis|throat infection\t\t
`;

/** A resources folder (resources/lexicons/…) in a temp dir; returns its path. */
export function fixtureResources(): string {
  const dir = mkdtempSync(join(tmpdir(), 'medscribe-lex-'));
  const lex = join(dir, 'lexicons');
  mkdirSync(lex);
  copyFileSync(join(REAL, 'grammar.json'), join(lex, 'grammar.json'));
  copyFileSync(join(REAL, 'allergens.tsv'), join(lex, 'allergens.tsv'));
  copyFileSync(join(REAL, 'body-parts.tsv'), join(lex, 'body-parts.tsv'));
  writeFileSync(join(lex, 'drugs.tsv'), DRUGS);
  writeFileSync(join(lex, 'symptoms.tsv'), SYMPTOMS);
  writeFileSync(join(lex, 'investigations.tsv'), INVESTIGATIONS);
  writeFileSync(join(lex, 'diagnoses.tsv'), DIAGNOSES);
  return dir;
}
