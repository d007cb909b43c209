import { existsSync } from 'node:fs';
import { createHandlers } from '../../engine/index';
import { parseCommandArgs } from '../args';
import { startHarness } from '../harness/server';
import type { Command } from '../index';
import { UsageError } from '../io';
import { appVersion, bridgeFile, rendererDir, resourcesDir } from '../paths';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the MedScribe UI on 127.0.0.1 with the real engine behind it (browser harness).',
  usage: 'medscribe serve [--port N] [--host 127.0.0.1] [--allow-remote]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      port: { type: 'string', short: 'p', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'allow-remote': { type: 'boolean', default: false },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535 (got "${values.port}").`);
    if (!existsSync(`${rendererDir}index.html`)) {
      throw new UsageError('the UI is not built yet. Run `npm run build` first.');
    }
    const harness = await startHarness({
      handlers: createHandlers({ host: 'harness', version: appVersion(), resourcesDir }),
      rendererDir,
      bridgeFile,
      host: values.host,
      port,
      allowRemote: values['allow-remote'],
    }).catch((err: unknown) => {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    });
    io.out(`MedScribe harness: ${harness.url}\n`);
    io.err('Open the address above in a browser. Press Ctrl+C to stop.\n');
    await new Promise<void>((resolve) => {
      const stop = () => void harness.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
