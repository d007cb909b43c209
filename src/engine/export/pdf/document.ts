import { PDFDocument, type PDFImage } from 'pdf-lib';
import type { Language } from '../../../shared/schemas/common';
import type { Patient } from '../../../shared/schemas/domain';
import type { ClinicalNote } from '../../../shared/schemas/note';
import type { Clinic } from '../clinic';
import { noteDate } from '../format';
import { FontSet, scriptsIn } from './fonts';
import { embedLogo } from './letterhead';
import { type Paper, PAPERS, type PaperSpec } from './page-flow';
import { TextWriter } from './text';

export interface PdfInput {
  note: ClinicalNote;
  patient: Patient;
  clinic: Clinic;
  paper?: Paper;
  resourcesDir: string;
}

export interface PdfDoc {
  doc: PDFDocument;
  text: TextWriter;
  paper: PaperSpec;
  logo?: PDFImage;
}

const PDF_LANG: Record<Language, string> = { en: 'en-IN', ta: 'ta-IN', te: 'te-IN' };

/**
 * A new PDF with the fonts its text needs. Dates in the file come from the note, not the clock,
 * so the same note gives the same bytes. No patient data goes into the file's metadata.
 */
export async function createPdf(input: PdfInput, title: string, extraText: string): Promise<PdfDoc> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const when = noteDate(input.note);
  doc.setTitle(`${title} – ${input.clinic.name}`);
  doc.setAuthor(input.clinic.doctorName);
  doc.setCreator('MedScribe');
  doc.setProducer('MedScribe (pdf-lib)');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  doc.setLanguage(PDF_LANG[input.note.language]);
  const scripts = scriptsIn(JSON.stringify([input.note, input.patient, { ...input.clinic, logo: undefined }]) + extraText);
  const fonts = await FontSet.create(doc, input.resourcesDir, scripts);
  const logo = await embedLogo(doc, input.clinic);
  return { doc, text: new TextWriter(doc, fonts), paper: PAPERS[input.paper ?? 'a4'], logo };
}

export async function savePdf(doc: PDFDocument): Promise<Uint8Array> {
  // Object streams off: simpler files that every viewer and text extractor reads.
  return doc.save({ useObjectStreams: false });
}
