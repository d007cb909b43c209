import { useState } from 'react';
import type { ClinicalNote } from '../../shared/schemas/note';
import { ConsultationsPage } from './pages/consultations/ConsultationsPage';
import { NoteEditorPage } from './pages/editor/NoteEditorPage';
import { type Draft, RecordPage } from './pages/record/RecordPage';
import { SettingsPage } from './pages/settings/SettingsPage';

type Page = 'record' | 'consultations' | 'editor' | 'settings';

const NAV: { id: Page; label: string }[] = [
  { id: 'record', label: 'Record' },
  { id: 'consultations', label: 'Consultations' },
  { id: 'editor', label: 'Note editor' },
  { id: 'settings', label: 'Settings' },
];

export function App() {
  const [page, setPage] = useState<Page>('record');
  const [note, setNote] = useState<{ note: ClinicalNote; transcript: string } | null>(null);
  const [draft, setDraft] = useState<Draft>({ transcript: '', language: 'ta' });

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">MedScribe</div>
        {NAV.map((n) => (
          <button key={n.id} className={page === n.id ? 'nav active' : 'nav'} aria-current={page === n.id ? 'page' : undefined} onClick={() => setPage(n.id)}>
            {n.label}
          </button>
        ))}
      </nav>
      <main className="content">
        {page === 'record' && (
          <RecordPage
            draft={draft}
            onDraft={setDraft}
            onNote={(n, transcript) => {
              setNote({ note: n, transcript });
              setPage('editor');
            }}
          />
        )}
        {page === 'consultations' && <ConsultationsPage />}
        {page === 'editor' && <NoteEditorPage current={note} />}
        {page === 'settings' && <SettingsPage />}
      </main>
    </div>
  );
}
