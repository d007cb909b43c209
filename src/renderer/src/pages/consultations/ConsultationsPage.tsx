export function ConsultationsPage() {
  return (
    <section aria-labelledby="consultations-title">
      <h1 id="consultations-title">Consultations</h1>
      <p className="muted">No saved consultations on this PC yet. Notes you sign will be listed here, newest first.</p>
    </section>
  );
}
