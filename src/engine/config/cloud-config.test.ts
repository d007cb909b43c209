import { describe, expect, it } from 'vitest';
import { DEFAULTS, hasKeys, loadCloudConfig, missingKeySentence, secretsOf } from './cloud-config';

describe('cloud configuration', () => {
  it('has working defaults and no keys with an empty environment', () => {
    const c = loadCloudConfig({}, { home: '/tmp/h' });
    expect(c.groq).toEqual({ apiKey: undefined, baseUrl: 'https://api.groq.com', model: 'openai/gpt-oss-120b', whisperModel: 'whisper-large-v3' });
    expect(c.reverie.baseUrl).toBe('https://revapi.reverieinc.com');
    expect(c.hf).toMatchObject({ baseUrl: 'https://router.huggingface.co', model: 'blaze999/Medical-NER' });
    expect(c.budget).toEqual({ monthlyInr: DEFAULTS.monthlyBudgetInr, warnFraction: 0.8, hardStop: false });
    expect(['reverie', 'groq', 'huggingface'].map((s) => hasKeys(c, s as 'groq'))).toEqual([false, false, false]);
  });

  it('reads keys and URLs from the environment; settings passed in win', () => {
    const env = {
      REVERIE_API_KEY: 'rk',
      REVERIE_APP_ID: 'ra',
      GROQ_API_KEY: 'gk',
      HF_TOKEN: 'hf_x',
      MEDSCRIBE_REVERIE_URL: 'http://127.0.0.1:1/',
      GROQ_BASE_URL: 'http://127.0.0.1:2',
      MEDSCRIBE_HF_URL: 'http://127.0.0.1:3',
      MEDSCRIBE_BUDGET_INR: '2000',
      MEDSCRIBE_BUDGET_HARD_STOP: 'true',
      MEDSCRIBE_HOME: '/tmp/msh',
    };
    const c = loadCloudConfig(env);
    expect(c.reverie).toMatchObject({ apiKey: 'rk', appId: 'ra', baseUrl: 'http://127.0.0.1:1' });
    expect(c.groq.baseUrl).toBe('http://127.0.0.1:2');
    expect(c.budget).toMatchObject({ monthlyInr: 2000, hardStop: true });
    expect(c.home).toBe('/tmp/msh');
    expect(secretsOf(c).sort()).toEqual(['gk', 'hf_x', 'ra', 'rk']);
    const s = loadCloudConfig(env, { groqApiKey: 'from-settings', groqModel: 'openai/gpt-oss-20b', budgetHardStop: false });
    expect(s.groq).toMatchObject({ apiKey: 'from-settings', model: 'openai/gpt-oss-20b' });
    expect(s.budget.hardStop).toBe(false);
  });

  it('names the missing environment variable in one sentence', () => {
    const c = loadCloudConfig({ REVERIE_API_KEY: 'k' });
    expect(missingKeySentence(c, 'groq')).toBe('Groq needs an API key: set GROQ_API_KEY (or choose --engine auto or offline).');
    expect(missingKeySentence(c, 'reverie')).toContain('set REVERIE_APP_ID');
    expect(missingKeySentence(c, 'reverie')).not.toContain('REVERIE_API_KEY');
    expect(missingKeySentence(loadCloudConfig({ GROQ_API_KEY: 'g' }), 'groq')).toBeNull();
  });
});
