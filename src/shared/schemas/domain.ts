import { z } from 'zod';
import { EngineName, Language } from './common';

export const Doctor = z.object({
  id: z.string().min(1),
  name: z.string().min(1).max(200),
  qualifications: z.string().max(200).default(''),
  registrationNumber: z.string().max(100).default(''),
  createdAt: z.string(),
});
export type Doctor = z.infer<typeof Doctor>;

export const Patient = z.object({
  name: z.string().max(200).default(''),
  age: z.number().int().min(0).max(130).optional(),
  sex: z.enum(['male', 'female', 'other']).optional(),
  phone: z.string().max(20).optional(),
  abhaId: z.string().max(30).optional(),
});
export type Patient = z.infer<typeof Patient>;

export const TranscriptSegment = z.object({
  startMs: z.number().nonnegative(),
  endMs: z.number().nonnegative(),
  text: z.string(),
  confidence: z.number().min(0).max(1).optional(),
  language: Language,
  engine: EngineName,
  flagged: z.string().optional(),
});
export type TranscriptSegment = z.infer<typeof TranscriptSegment>;

export const Transcript = z.object({
  language: Language,
  text: z.string(),
  segments: z.array(TranscriptSegment),
  engine: EngineName,
});
export type Transcript = z.infer<typeof Transcript>;

export const EntityType = z.enum([
  'symptom',
  'vital',
  'drug',
  'strength',
  'frequency',
  'timing',
  'duration',
  'route',
  'form',
  'diagnosis',
  'investigation',
  'allergy',
  'advice',
  'follow-up',
]);
export type EntityType = z.infer<typeof EntityType>;

export const Entity = z.object({
  type: EntityType,
  text: z.string(),
  normalized: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  negated: z.boolean().default(false),
  confidence: z.number().min(0).max(1),
  source: EngineName,
});
export type Entity = z.infer<typeof Entity>;

export const ConsultationStatus = z.enum([
  'recorded',
  'transcribing',
  'extracting',
  'generating',
  'ready',
  'signed',
  'failed',
]);
export type ConsultationStatus = z.infer<typeof ConsultationStatus>;

export const Consultation = z.object({
  id: z.string().min(1),
  doctorId: z.string().min(1),
  patient: Patient,
  language: Language,
  status: ConsultationStatus,
  audioPath: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Consultation = z.infer<typeof Consultation>;
