import { useEffect, useState } from 'react';
import type { Language } from '../../../../shared/schemas/common';
import type { ClinicalNote } from '../../../../shared/schemas/note';
import { call } from '../../lib/api';

interface Sample {
  id: string;
  title: string;
  language: Language;
  transcript: string;
}

const LANGS: { id: Language; label: string }[] = [
  { id: 'ta', label: 'தமிழ் Tamil' },
  { id: 'te', label: 'తెలుగు Telugu' },
  { id: 'en', label: 'English' },
];

export interface Draft {
  transcript: string;
  language: Language;
}

/** The draft lives in App, so leaving the page and coming back loses nothing. */
export function RecordPage({ draft, onDraft, onNote }: { draft: Draft; onDraft: (d: Draft) => void; onNote: (note: ClinicalNote, transcript: string) => void }) {
  const [samples, setSamples] = useState<Sample[]>([]);
  const { transcript, language } = draft;
  const setTranscript = (t: string) => onDraft({ ...draft, transcript: t });
  const setLanguage = (l: Language) => onDraft({ ...draft, language: l });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void call('samples.list', {}).then((r) => {
      if (r.ok) setSamples(r.value);
    });
  }, []);

  async function generate() {
    setBusy(true);
    setError(null);
    const r = await call('note.generate', { transcript, language, engine: 'offline' });
    setBusy(false);
    if (r.ok) onNote(r.value, transcript);
    else setError(r.error.message);
  }

  return (
    <section aria-labelledby="record-title">
      <h1 id="record-title">New consultation</h1>
      <p className="muted">Recording from the microphone is not in the app yet: paste or pick a transcript (or transcribe a WAV file with <code>medscribe transcribe</code>).</p>
      <div className="row">
        <label>
          Language{' '}
          <select value={language} onChange={(e) => setLanguage(e.target.value as Language)} aria-label="Language">
            {LANGS.map((l) => (
              <option key={l.id} value={l.id}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        {samples.length > 0 && (
          <label>
            Sample{' '}
            <select
              aria-label="Sample consultation"
              defaultValue=""
              onChange={(e) => {
                const s = samples.find((x) => x.id === e.target.value);
                if (s) onDraft({ transcript: s.transcript, language: s.language });
              }}
            >
              <option value="" disabled>
                Pick a sample…
              </option>
              {samples.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <textarea
        aria-label="Transcript"
        className="transcript-input"
        value={transcript}
        onChange={(e) => setTranscript(e.target.value)}
        placeholder="Transcript of the consultation"
        rows={10}
      />
      <div className="row">
        <button className="primary" disabled={busy || transcript.trim() === ''} onClick={() => void generate()}>
          {busy ? 'Writing the note…' : 'Write note'}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
