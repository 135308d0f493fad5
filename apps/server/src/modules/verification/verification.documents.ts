import crypto from 'node:crypto';

/** At most this many documents in one response. */
export const MAX_DOCUMENTS_PER_RESPONSE = 5;
/** Largest accepted document, in bytes (10 MB). Change here: the upload route and the docs follow. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** Longest response message, in characters. */
export const MAX_RESPONSE_MESSAGE = 5000;

export type DocumentType = 'application/pdf' | 'image/png' | 'image/jpeg';

const SIGNATURES: ReadonlyArray<{ type: DocumentType; magic: Buffer; ext: string }> = [
  { type: 'application/pdf', magic: Buffer.from('%PDF-', 'latin1'), ext: 'pdf' },
  { type: 'image/png', magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ext: 'png' },
  { type: 'image/jpeg', magic: Buffer.from([0xff, 0xd8, 0xff]), ext: 'jpg' },
];

/**
 * The document's type from its first bytes (PDF, PNG or JPEG), or undefined for anything else.
 * The declared content type and the file name are never trusted: a browser or a script can
 * label an executable `scan.pdf`.
 */
export function sniffDocumentType(content: Buffer): DocumentType | undefined {
  return SIGNATURES.find((s) => content.length >= s.magic.length && content.subarray(0, s.magic.length).equals(s.magic))?.type;
}

/**
 * A safe file name to store and offer for download: no folders, no control characters, at most
 * 150 characters, and the extension of the type the content really has (a PNG uploaded as
 * `scan.pdf` is kept as `scan.png`, so the saved file opens with the right program).
 */
export function documentFilename(declared: string | undefined, type: DocumentType): string {
  const ext = SIGNATURES.find((s) => s.type === type)!.ext;
  const base = [...((declared ?? '').split(/[\\/]/).pop() ?? '')].filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f && ch !== '"').join('').trim();
  const stem = base.replace(/\.(pdf|png|jpe?g)$/i, '').slice(0, 140) || 'document';
  return `${stem}.${ext}`;
}

/** Crockford base32 without I, L, O, U: readable over the phone, no look-alike characters. */
const RECEIPT_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A receipt id like `VR-2026-7K3M9Q`: the year, then 6 random characters (30 bits from the
 * CSPRNG), so receipts cannot be guessed or enumerated. Uniqueness is checked on insert.
 */
export function newReceiptId(now: Date): string {
  const bytes = crypto.randomBytes(6);
  let s = '';
  for (const b of bytes) s += RECEIPT_ALPHABET[b & 31];
  return `VR-${now.getUTCFullYear()}-${s}`;
}

/** `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
