import type { Evidence } from '../../../../shared/schemas/common';
import type { Medication } from '../../../../shared/schemas/note';

export function PrescriptionTable({ medications, onHover }: { medications: Medication[]; onHover: (ev: Evidence[]) => void }) {
  if (medications.length === 0) return <p className="muted">No medicines prescribed.</p>;
  return (
    <table className="rx" aria-label="Prescription">
      <thead>
        <tr>
          <th>Medicine</th>
          <th>Strength</th>
          <th>Dose</th>
          <th>Food</th>
          <th>Days</th>
          <th>Notes</th>
        </tr>
      </thead>
      <tbody>
        {medications.map((m, i) => (
          <tr key={i} onMouseEnter={() => onHover(m.evidence)} onMouseLeave={() => onHover([])}>
            <td>
              {m.name}
              {m.brand && <span className="muted"> ({m.brand})</span>}
              {m.form && <span className="muted"> {m.form}</span>}
            </td>
            <td>{m.strength ?? ''}</td>
            <td>{m.frequency ?? ''}</td>
            <td>{m.timing ?? ''}</td>
            <td>{m.durationDays ?? ''}</td>
            <td>{[m.action !== 'start' ? m.action : '', m.instructions ?? ''].filter(Boolean).join('; ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
