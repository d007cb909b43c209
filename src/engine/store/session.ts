/**
 * Doctor sessions. Every read or change of patient data takes a session, and a session exists
 * only after a password check: there is no other way to make one (a look-alike object is
 * refused at run time, and the type cannot be written without a cast).
 */
import { burnPasswordCheck, verifyPassword } from '../keys/password';
import { inWriteTransaction, type StoreContext } from './context';
import { appendAudit } from './audit';
import { StoreError } from './connection';
import { doctorByNameQuery } from './queries';

declare const sessionBrand: unique symbol;

export interface DoctorSession {
  readonly doctorId: string;
  readonly doctorName: string;
  readonly [sessionBrand]: true;
}

const issued = new WeakMap<object, StoreContext>();

/** NFC, trimmed, single spaces, lower case: "Dr  Meena" and "dr meena" are one login. */
export function doctorNameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

const REFUSED = 'That doctor name and password do not match.';

export async function signIn(ctx: StoreContext, name: string, password: string): Promise<DoctorSession> {
  const row = doctorByNameQuery(ctx).get({ nameKey: doctorNameKey(name) });
  const ok = row ? await verifyPassword(password, row.passwordHash) : await burnPasswordCheck(password, ctx.passwordCost);
  inWriteTransaction(ctx, () =>
    appendAudit(ctx.client, { actorId: row?.id ?? null, action: ok ? 'login' : 'login-failed', entity: 'doctor', entityId: row?.id ?? null }, ctx.now()),
  );
  if (!ok || !row) throw new StoreError('sign-in-refused', REFUSED);
  const session = Object.freeze({ doctorId: row.id, doctorName: row.name }) as DoctorSession;
  issued.set(session, ctx);
  return session;
}

/** The doctor id of a live session of this store; anything else is refused. */
export function requireDoctor(ctx: StoreContext, session: DoctorSession): string {
  if (typeof session !== 'object' || session === null || issued.get(session) !== ctx) {
    throw new StoreError('not-signed-in', 'Sign in as a doctor first.');
  }
  return session.doctorId;
}

export function signOut(session: DoctorSession): void {
  issued.delete(session);
}
