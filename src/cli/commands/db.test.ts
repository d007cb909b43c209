import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempHome } from '../../engine/store/test-helpers';
import { promptHidden } from './db';
import { medscribe } from '../testing/fake-io';


let home: string;
let cleanup: () => void;
beforeEach(() => {
  ({ home, cleanup } = tempHome('medscribe-cli-db-'));
  vi.stubEnv('MEDSCRIBE_HOME', home);
  vi.stubEnv('MEDSCRIBE_PASSPHRASE', 'clinic passphrase 1');
  vi.stubEnv('MEDSCRIBE_DOCTOR_PASSWORD', 'doctor-password-1');
});
afterEach(() => {
  vi.unstubAllEnvs();
  cleanup();
});

describe('medscribe db', () => {
  it('init creates an encrypted store; a second init is refused', async () => {
    const r = await medscribe('db', 'init');
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toMatch(/Created the encrypted MedScribe store .* \(schema 2\)/);
    expect(existsSync(join(home, 'medscribe.db')) && existsSync(join(home, 'medscribe.key'))).toBe(true);
    const again = await medscribe('db', 'init');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has a database/);
  }, 20_000);

  it('refuses a short passphrase at init', async () => {
    vi.stubEnv('MEDSCRIBE_PASSPHRASE', 'short');
    const r = await medscribe('db', 'init');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/at least 8 characters/);
  });

  it('with no passphrase and no terminal, says how to give one instead of waiting', async () => {
    vi.stubEnv('MEDSCRIBE_PASSPHRASE', '');
    const tty = Object.getOwnPropertyDescriptor(process.stdin, 'isTTY');
    Object.defineProperty(process.stdin, 'isTTY', { value: false, configurable: true });
    try {
      const r = await medscribe('db', 'stats');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no passphrase: set MEDSCRIBE_PASSPHRASE/);
    } finally {
      if (tty) Object.defineProperty(process.stdin, 'isTTY', tty);
      else delete (process.stdin as { isTTY?: boolean }).isTTY;
    }
  });

  it('migrate, stats, backup and restore work end to end, and a wrong passphrase is a sentence', async () => {
    expect((await medscribe('db', 'init')).code).toBe(0);
    expect((await medscribe('doctor', 'add', 'Dr Meena', '--registration', 'TN-42')).code).toBe(0);
    expect((await medscribe('db', 'migrate')).stderr).toMatch(/up to date \(schema 2\)/);
    const stats = await medscribe('db', 'stats', '--json');
    expect(JSON.parse(stats.stdout)).toMatchObject({ schemaVersion: 2, doctors: 1, consultations: 0 });
    expect((await medscribe('db', 'stats')).stdout).toMatch(/doctors\s+1/);

    const backup = join(home, '..', `${home.split('/').pop() ?? 'x'}.msbackup`);
    const b = await medscribe('db', 'backup', backup);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/Audio recordings are not included/);
    expect((await medscribe('db', 'backup', backup)).stderr).toMatch(/already exists/);

    expect((await medscribe('doctor', 'add', 'Dr Ravi')).code).toBe(0);
    const r = await medscribe('db', 'restore', backup);
    expect(r.code, r.stderr).toBe(0);
    expect((await medscribe('doctor', 'list')).stdout).toBe('Dr Meena  (TN-42)\n');

    writeFileSync(backup, readFileSync(backup).subarray(0, 100));
    const bad = await medscribe('db', 'restore', backup);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/backup file is damaged/);

    vi.stubEnv('MEDSCRIBE_PASSPHRASE', 'wrong passphrase');
    const wrong = await medscribe('db', 'stats');
    expect(wrong).toMatchObject({ code: 1, stdout: '' });
    expect(wrong.stderr).toMatch(/passphrase is wrong/);
  }, 30_000);

  it.each([
    [['db'], /say what to do/],
    [['db', 'drop'], /there is no "db drop"/],
    [['db', 'backup'], /needs a FILE/],
    [['db', 'stats', 'extra'], /takes no FILE/],
    [['db', 'init', '--force'], /Unknown option '--force'/],
  ])('refuses %j with exit code 2', async (argv, message) => {
    const r = await medscribe(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('says to run init first on an empty folder', async () => {
    const r = await medscribe('db', 'stats');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Run `medscribe db init` first/);
  });
});

describe('medscribe doctor', () => {
  it('adds doctors with hashed passwords and lists them; refuses duplicates and short passwords', async () => {
    expect((await medscribe('db', 'init')).code).toBe(0);
    const added = await medscribe('doctor', 'add', 'Dr', 'Anitha', 'Rao', '--qualifications', 'MBBS, MD');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toMatch(/Added Dr Anitha Rao/);
    expect((await medscribe('doctor', 'add', 'dr anitha rao')).stderr).toMatch(/already exists/);
    vi.stubEnv('MEDSCRIBE_DOCTOR_PASSWORD', 'short');
    const short = await medscribe('doctor', 'add', 'Dr Short');
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/at least 8 characters/);
    const list = await medscribe('doctor', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ name: 'Dr Anitha Rao', qualifications: 'MBBS, MD' })]);
  }, 20_000);

  it.each([
    [['doctor'], /say what to do/],
    [['doctor', 'add'], /needs the doctor’s NAME/],
    [['doctor', 'remove', 'x'], /there is no "doctor remove"/],
  ])('refuses %j with exit code 2', async (argv, message) => {
    const r = await medscribe(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('promptHidden', () => {
  function fakeTerminal() {
    const input = Object.assign(new PassThrough(), { raw: [] as boolean[], setRawMode(this: { raw: boolean[] }, on: boolean) { this.raw.push(on); return this; } });
    const shown: string[] = [];
    return { input, output: { write: (s: string) => shown.push(s) }, shown };
  }

  it('reads a line without echoing it, handling backspace and Tamil input', async () => {
    const t = fakeTerminal();
    const answer = promptHidden('Passphrase: ', t.input, t.output);
    t.input.write('கடவுxx\u007f\u007fச்சொல்\r');
    expect(await answer).toBe('கடவுச்சொல்');
    expect(t.shown.join('')).toBe('Passphrase: \n');
    expect(t.input.raw).toEqual([true, false]);
  });

  it('cancels on Ctrl-C', async () => {
    const t = fakeTerminal();
    const answer = promptHidden('Passphrase: ', t.input, t.output);
    t.input.write('abc\u0003');
    await expect(answer).rejects.toThrow(/cancelled/);
    expect(t.input.raw).toEqual([true, false]);
  });
});
