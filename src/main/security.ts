/**
 * The window's security settings as small pure functions, so they are unit-tested without
 * Electron. Only `index.ts` applies them.
 */

export interface SecureWebPreferences {
  sandbox: true;
  contextIsolation: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck: false;
  preload: string;
}

export function secureWebPreferences(preloadPath: string): SecureWebPreferences {
  return {
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    // The spellchecker would send patient text to a dictionary service on some platforms.
    spellcheck: false,
    preload: preloadPath,
  };
}

/**
 * Content-Security-Policy for the renderer. `devServerOrigin` is only given in development,
 * where Vite's dev server and its websocket must be reachable.
 */
export function contentSecurityPolicy(devServerOrigin?: string): string {
  const dev = devServerOrigin ? ` ${devServerOrigin}` : '';
  const devWs = devServerOrigin ? ` ${devServerOrigin.replace(/^http/, 'ws')}` : '';
  return [
    "default-src 'none'",
    `script-src 'self'${dev}`,
    `style-src 'self' 'unsafe-inline'${dev}`,
    `font-src 'self'${dev}`,
    `img-src 'self' data: blob:${dev}`,
    `media-src 'self' blob:`,
    `connect-src 'self'${dev}${devWs}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface PermissionDetails {
  mediaTypes?: readonly string[];
  requestingUrl?: string;
}

/** Only microphone capture, and only for the app's own pages. Video, screen, location, notifications: no. */
export function isPermissionAllowed(permission: string, details: PermissionDetails, appOrigin: string): boolean {
  if (permission !== 'media') return false;
  if (details.requestingUrl !== undefined && !isAppUrl(details.requestingUrl, appOrigin)) return false;
  const types = details.mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'audio');
}

/** Permission checks (synchronous queries) follow the same rule; `mediaType` is set for media. */
export function isPermissionCheckAllowed(permission: string, requestingOrigin: string, mediaType: string | undefined, appOrigin: string): boolean {
  if (permission !== 'media') return false;
  if (!isAppUrl(requestingOrigin, appOrigin)) return false;
  return mediaType === 'audio';
}

/** Compares parsed origins, never substrings: "file://evil" or "http://localhost.evil" do not pass. */
export function isAppUrl(url: string, appOrigin: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (appOrigin === 'file://') return parsed.protocol === 'file:' && parsed.host === '';
  let app: URL;
  try {
    app = new URL(appOrigin);
  } catch {
    return false;
  }
  return parsed.origin === app.origin;
}

/** In-app navigation is refused everywhere; the app is a single page. */
export function shouldBlockNavigation(targetUrl: string, currentUrl: string): boolean {
  return targetUrl !== currentUrl;
}
