import { homedir } from 'node:os';
import { join } from 'node:path';

/** The files of one data folder. */
export interface StoreLayout {
  home: string;
  db: string;
  keyFile: string;
  audioDir: string;
}

export function storeLayout(home: string): StoreLayout {
  return {
    home,
    db: join(home, 'medscribe.db'),
    keyFile: join(home, 'medscribe.key'),
    audioDir: join(home, 'audio'),
  };
}

/** The data folder: MEDSCRIBE_HOME, else the operating system's place for application data. */
export function defaultDataHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const set = env.MEDSCRIBE_HOME?.trim();
  if (set) return set;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'MedScribe');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'MedScribe');
  return join(env.XDG_DATA_HOME?.trim() || join(homedir(), '.local', 'share'), 'medscribe');
}
