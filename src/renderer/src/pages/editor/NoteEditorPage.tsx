import { useState } from 'react';
import type { Evidence } from '../../../../shared/schemas/common';
import type { ClinicalNote } from '../../../../shared/schemas/note';
import { PrescriptionTable } from './PrescriptionTable';
import { TranscriptView } from './TranscriptView';

export function NoteEditorPage({ current }: { current: { note: ClinicalNote; transcript: string } | null }) {
  const [highlight, setHighlight] = useState<Evidence[]>([]);
  if (!current) {
    return (
      <section aria-labelledby="editor-title">
        <h1 id="editor-title">Note editor</h1>
        <p className="muted">Write a note from the Record screen and it opens here for review.</p>
      </section>
    );
  }
  const { note, transcript } = current;
  const s = note.soap;
  const hover = (ev: Evidence[]) => ({ onMouseEnter: () => setHighlight(ev), onMouseLeave: () => setHighlight([]) });
  const v = s.objective.vitals;
  const vitals: [string, string | undefined][] = [
    ['BP', v.systolic != null && v.diastolic != null ? `${v.systolic}/${v.diastolic} mmHg` : undefined],
    ['Temperature', v.temperatureF != null ? `${v.temperatureF} °F` : v.temperatureC != null ? `${v.temperatureC} °C` : undefined],
    ['Pulse', v.pulse != null ? `${v.pulse}/min` : undefined],
    ['SpO2', v.spo2 != null ? `${v.spo2} %` : undefined],
    ['Resp. rate', v.respiratoryRate != null ? `${v.respiratoryRate}/min` : undefined],
    ['Weight', v.weightKg != null ? `${v.weightKg} kg` : undefined],
    ['Fasting sugar', v.fastingSugar != null ? `${v.fastingSugar} mg/dL` : undefined],
    ['Post-prandial sugar', v.postprandialSugar != null ? `${v.postprandialSugar} mg/dL` : undefined],
    ['Random sugar', v.randomSugar != null ? `${v.randomSugar} mg/dL` : undefined],
  ];
  return (
    <section aria-labelledby="editor-title" className="editor">
      <div className="note" data-testid="note">
        <h1 id="editor-title">Note</h1>
        {note.noMedicalContent && <p className="flag warning">No clinical content was found in this transcript.</p>}
        {note.flags.map((f, i) => (
          <p key={i} className={`flag ${f.severity}`} {...hover(f.evidence)}>
            {f.message}
          </p>
        ))}
        <h2>Subjective</h2>
        {s.subjective.chiefComplaint && <p><strong>Chief complaint:</strong> {s.subjective.chiefComplaint}</p>}
        <ul>
          {s.subjective.symptoms.map((x, i) => (
            <li key={i} {...hover(x.evidence)} className={x.negated ? 'negated' : undefined}>
              {x.negated ? `No ${x.name}` : x.name}
              {x.durationDays != null && ` · ${x.durationDays} days`}
            </li>
          ))}
        </ul>
        {s.subjective.allergies.length > 0 && (
          <p><strong>Allergies:</strong> {s.subjective.allergies.map((a) => a.substance).join(', ')}</p>
        )}
        {s.subjective.noKnownAllergies && <p><strong>Allergies:</strong> none known</p>}
        <h2>Objective</h2>
        <dl className="facts">
          {vitals.filter(([, val]) => val !== undefined).map(([k, val]) => (
            <div key={k} className="fact">
              <dt>{k}</dt>
              <dd>{val}</dd>
            </div>
          ))}
        </dl>
        {s.objective.examination.length > 0 && (
          <ul>{s.objective.examination.map((e, i) => <li key={i} {...hover(e.evidence)}>{e.negated ? `No ${e.finding}` : e.finding}</li>)}</ul>
        )}
        <h2>Assessment</h2>
        <ul>
          {s.assessment.diagnoses.map((d, i) => (
            <li key={i} {...hover(d.evidence)}>
              {d.name}
              {d.icd10 && <span className="muted"> · ICD-10 {d.icd10.code}</span>}
            </li>
          ))}
        </ul>
        <h2>Plan</h2>
        <PrescriptionTable medications={s.plan.medications} onHover={setHighlight} />
        {s.plan.investigations.length > 0 && <p><strong>Investigations:</strong> {s.plan.investigations.map((x) => x.name).join(', ')}</p>}
        {s.plan.advice.length > 0 && (
          <>
            <p><strong>Advice:</strong></p>
            <ul>{s.plan.advice.map((a, i) => <li key={i} {...hover(a.evidence)}>{a.text}</li>)}</ul>
          </>
        )}
        {s.plan.avoid.length > 0 && (
          <p className="flag danger" {...hover(s.plan.avoid.flatMap((a) => a.evidence))}>
            <strong>Not to take:</strong> {s.plan.avoid.map((a) => a.name).join(', ')}
          </p>
        )}
        {s.plan.givenInClinic.length > 0 && (
          <p {...hover(s.plan.givenInClinic.flatMap((m) => m.evidence))}>
            <strong>Given in the clinic:</strong> {s.plan.givenInClinic.map((m) => m.name).join(', ')}
          </p>
        )}
        {s.plan.followUpDays != null && <p><strong>Follow-up:</strong> after {s.plan.followUpDays} days</p>}
      </div>
      <TranscriptView transcript={transcript} highlight={highlight} />
    </section>
  );
}
