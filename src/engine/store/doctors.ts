import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { hashPassword } from '../keys/password';
import { audited } from './context';
import type { StoreContext } from './context';
import { StoreError } from './connection';
import { doctors } from './schema';
import { doctorNameKey } from './session';

export interface NewDoctor {
  name: string;
  password: string;
  qualifications?: string;
  registrationNumber?: string;
}

export interface DoctorInfo {
  id: string;
  name: string;
  qualifications: string;
  registrationNumber: string;
  createdAt: string;
}

export const MIN_PASSWORD_LENGTH = 8;

export async function addDoctor(ctx: StoreContext, input: NewDoctor): Promise<DoctorInfo> {
  const name = input.name.normalize('NFC').trim().replace(/\s+/gu, ' ');
  if (name.length === 0 || name.length > 200) throw new StoreError('doctor-name', 'A doctor name must be 1 to 200 characters.');
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new StoreError('password-short', `A password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  const passwordHash = await hashPassword(input.password, ctx.passwordCost);
  const now = ctx.now();
  const row = {
    id: randomUUID(),
    name,
    nameKey: doctorNameKey(name),
    qualifications: input.qualifications?.trim() ?? '',
    registrationNumber: input.registrationNumber?.trim() ?? '',
    passwordHash,
    createdAt: now,
    updatedAt: now,
  };
  return audited(ctx, { actorId: null, action: 'add', entity: 'doctor', entityId: row.id }, () => {
    const taken = ctx.db
      .select({ id: doctors.id })
      .from(doctors)
      .where(and(eq(doctors.nameKey, row.nameKey), isNull(doctors.deletedAt)))
      .get();
    if (taken) throw new StoreError('doctor-exists', 'A doctor with this name already exists on this computer.');
    ctx.db.insert(doctors).values(row).run();
    return { id: row.id, name, qualifications: row.qualifications, registrationNumber: row.registrationNumber, createdAt: now };
  });
}

/** Names and registration details only (for a login screen and letterheads). */
export function listDoctors(ctx: StoreContext): DoctorInfo[] {
  return ctx.db
    .select({ id: doctors.id, name: doctors.name, qualifications: doctors.qualifications, registrationNumber: doctors.registrationNumber, createdAt: doctors.createdAt })
    .from(doctors)
    .where(isNull(doctors.deletedAt))
    .orderBy(asc(doctors.name))
    .all();
}
