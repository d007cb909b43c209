/**
 * The one logger of the cloud code. Lines are built from safe fields only (engine, failure kind,
 * status, attempt, wait); as a second line of defence every configured secret is masked and
 * every URL loses its query string (Reverie's streaming URL carries the API key there).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (level: LogLevel, line: string) => void;

export interface Logger {
  debug(line: string): void;
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

/** A URL with its query values and any user:password removed. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    for (const key of [...u.searchParams.keys()]) u.searchParams.set(key, 'REDACTED');
    return u.toString();
  } catch {
    return url.replace(/\?.*$/s, '?REDACTED');
  }
}

const URL_IN_TEXT = /\b(?:https?|wss?):\/\/[^\s"'<>]+/g;

export function createLogger(sink: LogSink, secrets: readonly (string | undefined)[] = []): Logger {
  const masks = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const clean = (line: string): string => {
    let out = line.replace(URL_IN_TEXT, (u) => redactUrl(u));
    for (const s of masks) out = out.split(s).join('[REDACTED]');
    return out;
  };
  return {
    debug: (l) => sink('debug', clean(l)),
    info: (l) => sink('info', clean(l)),
    warn: (l) => sink('warn', clean(l)),
    error: (l) => sink('error', clean(l)),
  };
}

export const silentLogger: Logger = createLogger(() => undefined);

/** Lines to stderr, for the CLI with MEDSCRIBE_LOG set. */
export const stderrSink: LogSink = (level, line) => {
  process.stderr.write(`[medscribe ${level}] ${line}\n`);
};
