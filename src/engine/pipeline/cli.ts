/** What `medscribe note --engine auto|groq` needs from the environment, in one place. */
import { loadCloudConfig, missingKeySentence } from '../config/cloud-config';
import { type CloudServices, createCloudServices } from '../cloud/services';
import { stderrSink } from '../resilience/log';

export interface CliCloud {
  services: CloudServices;
  /** Set when an explicitly requested cloud engine has no key: one sentence naming the variable. */
  problem: string | null;
}

/** Keys and URLs from the environment; log lines (never patient data) on stderr when MEDSCRIBE_LOG is set. */
export function cloudForCli(engine: 'auto' | 'groq', env: NodeJS.ProcessEnv = process.env): CliCloud {
  const config = loadCloudConfig(env);
  const problem = engine === 'groq' ? missingKeySentence(config, 'groq') : null;
  return { services: createCloudServices(config, { sink: env.MEDSCRIBE_LOG ? stderrSink : undefined }), problem };
}
