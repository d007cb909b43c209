import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, session, shell, utilityProcess } from 'electron';
import { IPC_CALL_CHANNEL } from '../shared/channels';
import { EngineClient } from './engine-host';
import { handleRendererCall } from './ipc';
import {
  contentSecurityPolicy,
  isAppUrl,
  isPermissionAllowed,
  isPermissionCheckAllowed,
  secureWebPreferences,
  shouldBlockNavigation,
} from './security';

const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const appOrigin = devUrl ? new URL(devUrl).origin : 'file://';

function startEngine(): EngineClient {
  const resources = app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources');
  const child = utilityProcess.fork(join(__dirname, 'engine.js'), [], {
    serviceName: 'MedScribe engine',
    env: { ...process.env, MEDSCRIBE_RESOURCES: resources, MEDSCRIBE_VERSION: app.getVersion() },
  });
  return new EngineClient(child);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    show: false,
    title: 'MedScribe',
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.cjs')),
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-navigate', (event, url) => {
    if (shouldBlockNavigation(url, win.webContents.getURL())) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links to the outside world open in the user's browser, never inside the app.
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(join(__dirname, '../renderer/index.html'));
  return win;
}

void app.whenReady().then(() => {
  const csp = contentSecurityPolicy(devUrl ? appOrigin : undefined);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details as { mediaTypes?: string[]; requestingUrl?: string }, appOrigin));
  });
  session.defaultSession.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    isPermissionCheckAllowed(permission, requestingOrigin, (details as { mediaType?: string }).mediaType, appOrigin),
  );

  const engine = startEngine();
  ipcMain.handle(IPC_CALL_CHANNEL, (event, payload: unknown) =>
    handleRendererCall(event.senderFrame?.url, (url) => isAppUrl(url, appOrigin), payload, (m, i) => engine.call(m, i)),
  );

  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('before-quit', (event) => {
    event.preventDefault();
    app.removeAllListeners('before-quit');
    void engine.drain().then(() => app.quit());
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
