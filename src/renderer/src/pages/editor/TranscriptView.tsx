import type { ReactNode } from 'react';
import type { Evidence } from '../../../../shared/schemas/common';

/** The transcript with the evidence of the hovered fact marked, so the doctor sees where it was said. */
export function TranscriptView({ transcript, highlight }: { transcript: string; highlight: Evidence[] }) {
  const spans = [...highlight].filter((e) => e.end > e.start && e.end <= transcript.length).sort((a, b) => a.start - b.start);
  const parts: ReactNode[] = [];
  let at = 0;
  spans.forEach((e, i) => {
    if (e.start < at) return;
    parts.push(transcript.slice(at, e.start));
    parts.push(<mark key={i}>{transcript.slice(e.start, e.end)}</mark>);
    at = e.end;
  });
  parts.push(transcript.slice(at));
  return (
    <aside className="transcript" aria-label="Transcript">
      <h2>Transcript</h2>
      <p>{parts}</p>
    </aside>
  );
}
