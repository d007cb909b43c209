import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract';
import { call } from '../../lib/api';

export function SettingsPage() {
  const [info, setInfo] = useState<MethodOutput<'app.info'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void call('app.info', {}).then((r) => (r.ok ? setInfo(r.value) : setError(r.error.message)));
  }, []);
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      {error && <p role="alert" className="error">{error}</p>}
      {info && (
        <dl className="facts" data-testid="app-info">
          <dt>Version</dt>
          <dd>{info.version}</dd>
          <dt>Running in</dt>
          <dd>{info.host}</dd>
          <dt>Note engines</dt>
          <dd>{info.engines.soap.join(', ')}</dd>
          <dt>Speech engines</dt>
          <dd>{info.engines.speech.length ? info.engines.speech.join(', ') : 'none installed yet'}</dd>
        </dl>
      )}
    </section>
  );
}
