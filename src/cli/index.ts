import { auditCommand } from './commands/audit';
import { dbCommand } from './commands/db';
import { demoCommand } from './commands/demo';
import { doctorCommand } from './commands/doctor';
import { modelsCommand } from './commands/models';
import { noteCommand } from './commands/note';
import { searchCommand } from './commands/search';
import { serveCommand } from './commands/serve';
import { transcribeCommand } from './commands/transcribe';
import { type Io, processIo, UsageError } from './io';
import { appVersion } from './paths';

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: Io): Promise<number>;
}

export const commands: Command[] = [noteCommand, demoCommand, serveCommand, dbCommand, doctorCommand, searchCommand, auditCommand, transcribeCommand, modelsCommand];

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `MedScribe ${appVersion()}: clinical notes from Tamil, Telugu and English consultations.`,
    '',
    'Usage: medscribe <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `medscribe <command> --help` for the options of one command.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${appVersion()}\n`);
    return 0;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.err(`medscribe: there is no command "${name}".\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${cmd.summary}\n\nUsage: ${cmd.usage}\n`);
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`medscribe ${cmd.name}: ${err.message}\nUsage: ${cmd.usage}\n`);
      return 2;
    }
    io.err(`medscribe ${cmd.name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
