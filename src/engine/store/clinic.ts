import { randomUUID } from 'node:crypto';
import { eq, isNull } from 'drizzle-orm';
import { audited, type StoreContext } from './context';
import { StoreError } from './connection';
import { clinic } from './schema';
import { type DoctorSession, requireDoctor } from './session';

/** The clinic's letterhead details, for exports. One per data folder. */
export interface ClinicProfile {
  name: string;
  address: string;
  phone: string;
  registrationNumber: string;
  /** The letterhead logo (PNG or JPEG bytes), or a path to one. */
  logo?: Buffer;
  logoPath?: string;
}

const MAX_LOGO_BYTES = 2 * 1024 * 1024;

export function getClinicProfile(ctx: StoreContext): ClinicProfile | undefined {
  const row = ctx.db.select().from(clinic).where(isNull(clinic.deletedAt)).get();
  if (!row) return undefined;
  return {
    name: row.name,
    address: row.address,
    phone: row.phone,
    registrationNumber: row.registrationNumber,
    ...(row.logo ? { logo: row.logo } : {}),
    ...(row.logoPath ? { logoPath: row.logoPath } : {}),
  };
}

export function setClinicProfile(ctx: StoreContext, session: DoctorSession, profile: ClinicProfile): void {
  const doctorId = requireDoctor(ctx, session);
  if (profile.logo && profile.logo.length > MAX_LOGO_BYTES) throw new StoreError('logo-too-big', 'The logo must be 2 MB or smaller.');
  for (const [field, value, max] of [['name', profile.name, 200], ['address', profile.address, 500], ['phone', profile.phone, 30], ['registration number', profile.registrationNumber, 100]] as const) {
    if (value.length > max) throw new StoreError('clinic-field', `The clinic ${field} must be at most ${max} characters.`);
  }
  const now = ctx.now();
  const values = {
    name: profile.name.trim(),
    address: profile.address.trim(),
    phone: profile.phone.trim(),
    registrationNumber: profile.registrationNumber.trim(),
    logo: profile.logo ?? null,
    logoPath: profile.logoPath ?? null,
    updatedAt: now,
  };
  const existing = ctx.db.select({ id: clinic.id }).from(clinic).where(isNull(clinic.deletedAt)).get();
  const id = existing?.id ?? randomUUID();
  audited(ctx, { actorId: doctorId, action: 'update', entity: 'clinic', entityId: id }, () => {
    if (existing) ctx.db.update(clinic).set(values).where(eq(clinic.id, id)).run();
    else ctx.db.insert(clinic).values({ id, createdAt: now, ...values }).run();
  });
}
