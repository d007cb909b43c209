/** A consultation's recording, kept encrypted in the data folder's audio/ folder. */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pipeline as pipelineCb } from 'node:stream';
import { eq } from 'drizzle-orm';
import { createAudioDecryptor, createAudioEncryptor, type DecryptOptions } from './audio-file';
import { StoreError } from './connection';
import { audited, type StoreContext } from './context';
import { ownedConsultation, refuseIfSigned } from './consultations';
import { consultations } from './schema';
import { type DoctorSession, requireDoctor } from './session';
import { syncDir } from '../keys/key-file';

function audioFile(ctx: StoreContext, stored: string): string {
  const path = resolve(ctx.layout.home, stored);
  if (!path.startsWith(resolve(ctx.layout.audioDir) + sep)) throw new StoreError('db-row-damaged', 'A stored audio path points outside the data folder (damaged row).');
  return path;
}

/**
 * Encrypts `source` (plain audio, streamed) into a new file and makes it the consultation's
 * recording. The file is complete and on disk before the database points at it.
 */
export async function saveAudio(ctx: StoreContext, session: DoctorSession, id: string, source: Readable | AsyncIterable<Buffer>): Promise<string> {
  const doctorId = requireDoctor(ctx, session);
  refuseIfSigned(ownedConsultation(ctx, doctorId, id));
  mkdirSync(ctx.layout.audioDir, { recursive: true, mode: 0o700 });
  const name = `${randomUUID()}.msa`;
  const final = join(ctx.layout.audioDir, name);
  const part = `${final}.part`;
  try {
    await pipeline(source, createAudioEncryptor(ctx.audioKey), createWriteStream(part, { mode: 0o600, flush: true }));
    renameSync(part, final);
    syncDir(ctx.layout.audioDir);
  } catch (err) {
    rmSync(part, { force: true });
    throw err;
  }
  const stored = relative(ctx.layout.home, final).split(sep).join('/');
  let previous: string | null;
  try {
    previous = audited(ctx, { actorId: doctorId, action: 'update', entity: 'audio', entityId: id }, () => {
      const row = ownedConsultation(ctx, doctorId, id);
      refuseIfSigned(row);
      ctx.db.update(consultations).set({ audioPath: stored, updatedAt: ctx.now() }).where(eq(consultations.seq, row.seq)).run();
      return row.audioPath;
    });
  } catch (err) {
    rmSync(final, { force: true });
    throw err;
  }
  if (previous) rmSync(audioFile(ctx, previous), { force: true });
  return stored;
}

/** The recording, decrypted as it is read; the stream fails if the file was cut short or altered. */
export function openAudio(ctx: StoreContext, session: DoctorSession, id: string, opts: DecryptOptions = {}): Readable {
  const doctorId = requireDoctor(ctx, session);
  const stored = audited(ctx, { actorId: doctorId, action: 'read', entity: 'audio', entityId: id }, () => ownedConsultation(ctx, doctorId, id).audioPath);
  if (!stored) throw new StoreError('not-found', 'This consultation has no recording.');
  return pipelineCb(createReadStream(audioFile(ctx, stored)), createAudioDecryptor(ctx.audioKey, opts), () => {
    // Errors reach the caller through the returned stream.
  });
}
