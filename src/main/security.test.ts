import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  isAppUrl,
  isPermissionAllowed,
  isPermissionCheckAllowed,
  secureWebPreferences,
  shouldBlockNavigation,
} from './security';

/** Parses "a x y; b z" into { a: ['x', 'y'], b: ['z'] }. */
function directives(csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name] = values;
  }
  return out;
}

describe('secureWebPreferences', () => {
  it('turns on the sandbox and context isolation and turns Node off everywhere', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
  });

  it('passes the preload path through unchanged', () => {
    expect(secureWebPreferences('/x/y/preload.cjs').preload).toBe('/x/y/preload.cjs');
  });
});

describe('contentSecurityPolicy', () => {
  it('denies everything by default and never allows eval or inline scripts', () => {
    const csp = contentSecurityPolicy();
    const d = directives(csp);
    expect(d['default-src']).toEqual(["'none'"]);
    expect(d['script-src']).toEqual(["'self'"]);
    expect(d['object-src']).toEqual(["'none'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe-eval');
    expect(d['script-src']).not.toContain("'unsafe-inline'");
    expect(csp).not.toMatch(/localhost|http:|ws:/);
  });

  it('allows the dev server origin (and its websocket) only when it is given', () => {
    const d = directives(contentSecurityPolicy('http://localhost:5173'));
    expect(d['script-src']).toEqual(["'self'", 'http://localhost:5173']);
    expect(d['connect-src']).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173']);
    expect(contentSecurityPolicy('http://localhost:5173')).not.toContain('unsafe-eval');
  });
});

describe('isAppUrl', () => {
  const dev = 'http://localhost:5173';

  it('accepts the app origin itself', () => {
    expect(isAppUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isAppUrl('file:///opt/MedScribe/resources/app.asar/out/renderer/index.html', 'file://')).toBe(true);
  });

  it('rejects look-alike origins that would pass a substring check', () => {
    expect(isAppUrl('http://localhost:5173.evil.com/', dev)).toBe(false);
    expect(isAppUrl('http://localhost:51730/', dev)).toBe(false);
    expect(isAppUrl('http://evil.com/?http://localhost:5173', dev)).toBe(false);
    expect(isAppUrl('http://localhost:5173@evil.com/', dev)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
  });

  it('rejects file URLs with a host when the app runs from file://', () => {
    expect(isAppUrl('file://evil/share/index.html', 'file://')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'file://')).toBe(false);
  });

  it('rejects garbage and a garbage app origin', () => {
    for (const bad of ['', 'not a url', 'localhost:5173', '//localhost:5173', 'javascript:alert(1)']) {
      expect(isAppUrl(bad, dev), bad).toBe(false);
    }
    expect(isAppUrl('http://localhost:5173/', 'not an origin')).toBe(false);
  });
});

describe('isPermissionAllowed', () => {
  const origin = 'http://localhost:5173';
  const appUrl = 'http://localhost:5173/index.html';

  it('allows microphone capture for the app', () => {
    expect(isPermissionAllowed('media', { mediaTypes: ['audio'], requestingUrl: appUrl }, origin)).toBe(true);
  });

  it('refuses video, audio+video and requests that name no media type', () => {
    expect(isPermissionAllowed('media', { mediaTypes: ['video'], requestingUrl: appUrl }, origin)).toBe(false);
    expect(isPermissionAllowed('media', { mediaTypes: ['audio', 'video'], requestingUrl: appUrl }, origin)).toBe(false);
    expect(isPermissionAllowed('media', { mediaTypes: [], requestingUrl: appUrl }, origin)).toBe(false);
    expect(isPermissionAllowed('media', { requestingUrl: appUrl }, origin)).toBe(false);
  });

  it('refuses every other permission, even for the app', () => {
    const others = [
      'geolocation',
      'notifications',
      'clipboard-read',
      'clipboard-sanitized-write',
      'midi',
      'midiSysex',
      'pointerLock',
      'fullscreen',
      'openExternal',
      'display-capture',
      'hid',
      'serial',
      'usb',
      'unknown',
    ];
    for (const permission of others) {
      expect(isPermissionAllowed(permission, { mediaTypes: ['audio'], requestingUrl: appUrl }, origin), permission).toBe(false);
    }
  });

  it('refuses the microphone to any other origin', () => {
    expect(isPermissionAllowed('media', { mediaTypes: ['audio'], requestingUrl: 'https://evil.example/' }, origin)).toBe(false);
    expect(isPermissionAllowed('media', { mediaTypes: ['audio'], requestingUrl: 'http://localhost:5173.evil.com/' }, origin)).toBe(false);
    expect(isPermissionAllowed('media', { mediaTypes: ['audio'], requestingUrl: 'file://evil/x.html' }, 'file://')).toBe(false);
  });
});

describe('isPermissionCheckAllowed', () => {
  it('answers yes only for audio from the app origin', () => {
    expect(isPermissionCheckAllowed('media', 'http://localhost:5173', 'audio', 'http://localhost:5173')).toBe(true);
    expect(isPermissionCheckAllowed('media', 'file:///', 'audio', 'file://')).toBe(true);
    expect(isPermissionCheckAllowed('media', 'http://localhost:5173', 'video', 'http://localhost:5173')).toBe(false);
    expect(isPermissionCheckAllowed('media', 'http://localhost:5173', undefined, 'http://localhost:5173')).toBe(false);
    expect(isPermissionCheckAllowed('media', 'https://evil.example', 'audio', 'http://localhost:5173')).toBe(false);
    expect(isPermissionCheckAllowed('geolocation', 'http://localhost:5173', 'audio', 'http://localhost:5173')).toBe(false);
  });
});

describe('shouldBlockNavigation', () => {
  const current = 'file:///opt/MedScribe/out/renderer/index.html';

  it('blocks navigation to anywhere else, including other local files', () => {
    expect(shouldBlockNavigation('https://evil.example/', current)).toBe(true);
    expect(shouldBlockNavigation('file:///etc/passwd', current)).toBe(true);
    expect(shouldBlockNavigation('file:///opt/MedScribe/out/renderer/other.html', current)).toBe(true);
    expect(shouldBlockNavigation('javascript:alert(1)', current)).toBe(true);
  });

  it('lets the page reload itself', () => {
    expect(shouldBlockNavigation(current, current)).toBe(false);
  });
});
