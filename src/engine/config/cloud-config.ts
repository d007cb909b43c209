import { homedir } from 'node:os';
import { join } from 'node:path';

/** Settings the app passes in (from its encrypted settings); each wins over the environment. */
export interface CloudSettings {
  reverieApiKey?: string;
  reverieAppId?: string;
  groqApiKey?: string;
  hfToken?: string;
  reverieUrl?: string;
  groqBaseUrl?: string;
  hfUrl?: string;
  reverieDomain?: string;
  groqModel?: string;
  groqWhisperModel?: string;
  hfModel?: string;
  monthlyBudgetInr?: number;
  budgetHardStop?: boolean;
  home?: string;
}

export interface CloudConfig {
  reverie: { apiKey?: string; appId?: string; baseUrl: string; domain: string };
  groq: { apiKey?: string; baseUrl: string; model: string; whisperModel: string };
  hf: { token?: string; baseUrl: string; model: string };
  budget: { monthlyInr: number; warnFraction: number; hardStop: boolean };
  /** MEDSCRIBE_HOME: where the cost ledger lives. */
  home: string;
}

export const DEFAULTS = {
  reverieUrl: 'https://revapi.reverieinc.com',
  reverieDomain: 'generic',
  groqBaseUrl: 'https://api.groq.com',
  groqModel: 'openai/gpt-oss-120b',
  groqWhisperModel: 'whisper-large-v3',
  hfUrl: 'https://router.huggingface.co',
  hfModel: 'blaze999/Medical-NER',
  monthlyBudgetInr: 5000,
  warnFraction: 0.8,
} as const;

type Env = Readonly<Record<string, string | undefined>>;

const nonEmpty = (...values: (string | undefined)[]): string | undefined => values.map((v) => v?.trim()).find((v) => !!v);

function positiveNumber(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function loadCloudConfig(env: Env = process.env, settings: CloudSettings = {}): CloudConfig {
  const trim = (u: string) => u.replace(/\/+$/, '');
  return {
    reverie: {
      apiKey: nonEmpty(settings.reverieApiKey, env.REVERIE_API_KEY),
      appId: nonEmpty(settings.reverieAppId, env.REVERIE_APP_ID),
      baseUrl: trim(nonEmpty(settings.reverieUrl, env.MEDSCRIBE_REVERIE_URL) ?? DEFAULTS.reverieUrl),
      domain: nonEmpty(settings.reverieDomain, env.MEDSCRIBE_REVERIE_DOMAIN) ?? DEFAULTS.reverieDomain,
    },
    groq: {
      apiKey: nonEmpty(settings.groqApiKey, env.GROQ_API_KEY),
      baseUrl: trim(nonEmpty(settings.groqBaseUrl, env.GROQ_BASE_URL) ?? DEFAULTS.groqBaseUrl),
      model: nonEmpty(settings.groqModel, env.MEDSCRIBE_GROQ_MODEL) ?? DEFAULTS.groqModel,
      whisperModel: nonEmpty(settings.groqWhisperModel, env.MEDSCRIBE_GROQ_WHISPER_MODEL) ?? DEFAULTS.groqWhisperModel,
    },
    hf: {
      token: nonEmpty(settings.hfToken, env.HF_TOKEN),
      baseUrl: trim(nonEmpty(settings.hfUrl, env.MEDSCRIBE_HF_URL) ?? DEFAULTS.hfUrl),
      model: nonEmpty(settings.hfModel, env.MEDSCRIBE_HF_MODEL) ?? DEFAULTS.hfModel,
    },
    budget: {
      monthlyInr: settings.monthlyBudgetInr ?? positiveNumber(env.MEDSCRIBE_BUDGET_INR) ?? DEFAULTS.monthlyBudgetInr,
      warnFraction: DEFAULTS.warnFraction,
      hardStop: settings.budgetHardStop ?? /^(1|true|yes)$/i.test(env.MEDSCRIBE_BUDGET_HARD_STOP ?? ''),
    },
    home: nonEmpty(settings.home, env.MEDSCRIBE_HOME) ?? join(homedir(), '.medscribe'),
  };
}

export type CloudService = 'reverie' | 'groq' | 'huggingface';

export function hasKeys(config: CloudConfig, service: CloudService): boolean {
  if (service === 'reverie') return !!config.reverie.apiKey && !!config.reverie.appId;
  if (service === 'groq') return !!config.groq.apiKey;
  return !!config.hf.token;
}

/** The one sentence for an explicitly requested cloud engine without its key. */
export function missingKeySentence(config: CloudConfig, service: CloudService): string | null {
  if (hasKeys(config, service)) return null;
  if (service === 'reverie') {
    const missing = [!config.reverie.apiKey && 'REVERIE_API_KEY', !config.reverie.appId && 'REVERIE_APP_ID'].filter(Boolean).join(' and ');
    return `Reverie needs its API key and app id: set ${missing} (or choose --engine auto to use the offline engine).`;
  }
  if (service === 'groq') return 'Groq needs an API key: set GROQ_API_KEY (or choose --engine auto or offline).';
  return 'Hugging Face needs an access token: set HF_TOKEN.';
}

/** Every secret in the config, for the logger to mask. */
export function secretsOf(config: CloudConfig): string[] {
  return [config.reverie.apiKey, config.reverie.appId, config.groq.apiKey, config.hf.token].filter((s): s is string => !!s);
}
