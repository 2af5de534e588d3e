import { createHash } from 'node:crypto';
import { toAppError } from '../db/database-errors.server';
import type { Tx } from '../db/with-user.server';
import { AppError, notFound } from '../errors';
import type { UserDb } from '../measures/measures.server';
import { ATTACHMENT_MAX_BYTES } from './meetings.schema';

export type AttachmentType = 'pdf' | 'docx' | 'odt' | 'png' | 'jpeg';

export const MEDIA_TYPES: Record<AttachmentType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  png: 'image/png',
  jpeg: 'image/jpeg',
};

const EXTENSIONS: Record<AttachmentType, readonly string[]> = {
  pdf: ['pdf'],
  docx: ['docx'],
  odt: ['odt'],
  png: ['png'],
  jpeg: ['jpg', 'jpeg'],
};

/** Multipart overhead allowed on top of the file itself before the body is refused unread. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

const startsWith = (bytes: Uint8Array, prefix: readonly number[], offset = 0) =>
  bytes.length >= offset + prefix.length && prefix.every((byte, i) => bytes[offset + i] === byte);
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));
const contains = (bytes: Uint8Array, text: string) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(text, 0, 'latin1');

/**
 * The type by content (magic bytes), never by name or the browser's claim. ZIP containers are told
 * apart by what they hold: an ODF text starts with its stored `mimetype` entry, a DOCX has
 * `word/document.xml` and `[Content_Types].xml`.
 */
export function detectAttachmentType(bytes: Uint8Array): AttachmentType | null {
  if (startsWith(bytes, ascii('%PDF-'))) return 'pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (
      startsWith(bytes, ascii('mimetype'), 30) &&
      startsWith(bytes, ascii('application/vnd.oasis.opendocument.text'), 38)
    )
      return 'odt';
    if (contains(bytes, 'word/document.xml') && contains(bytes, '[Content_Types].xml'))
      return 'docx';
  }
  return null;
}

/** Keeps the last path segment, drops control and path characters, limits the length. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return cleaned.slice(-200) || 'anlage';
}

export interface CheckedAttachment {
  fileName: string;
  type: AttachmentType;
  mediaType: string;
  bytes: Uint8Array;
}

const tooLarge = (context: Record<string, unknown>) =>
  new AppError({
    status: 413,
    code: 'attachment_too_large',
    message: 'meetings.error.attachmentSize',
    params: { megabytes: ATTACHMENT_MAX_BYTES / 1024 / 1024 },
    context,
  });

/** Size cap (413), content type (415) and a matching file extension (415). */
export function checkAttachment(rawName: string, bytes: Uint8Array): CheckedAttachment {
  if (bytes.byteLength > ATTACHMENT_MAX_BYTES) throw tooLarge({ size: bytes.byteLength });
  if (bytes.byteLength === 0)
    throw new AppError({
      status: 400,
      code: 'attachment_empty',
      message: 'meetings.error.attachmentEmpty',
    });
  const fileName = cleanFileName(rawName);
  const type = detectAttachmentType(bytes);
  const extension = fileName.includes('.') ? fileName.split('.').pop()!.toLowerCase() : '';
  if (!type || !EXTENSIONS[type].includes(extension)) {
    throw new AppError({
      status: 415,
      code: 'attachment_type',
      message: 'meetings.error.attachmentType',
      context: { detected: type, extension, size: bytes.byteLength },
    });
  }
  return { fileName, type, mediaType: MEDIA_TYPES[type], bytes };
}

/**
 * Reads a multipart upload without trusting Content-Length: bodies larger than one attachment plus
 * form overhead are refused with 413 before they are buffered whole.
 */
export async function readUploadForm(request: Request): Promise<FormData> {
  const limit = ATTACHMENT_MAX_BYTES + FORM_OVERHEAD_BYTES;
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw tooLarge({ declared });
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel();
        throw tooLarge({ received: total });
      }
      chunks.push(value);
    }
  }
  const body = Buffer.concat(chunks);
  try {
    return await new Response(body, {
      headers: { 'content-type': request.headers.get('content-type') ?? '' },
    }).formData();
  } catch (cause) {
    throw new AppError({ status: 400, code: 'bad_form', message: 'validation.invalid', cause });
  }
}

/** Stores a checked file with the meeting, as the caller (managers and minute-takers may). */
export function addAttachment(
  db: UserDb,
  meetingId: string,
  file: CheckedAttachment,
): Promise<string> {
  return db(async (tx) => {
    const { rows } = await tx.query<{ attachment_id: string }>(
      `insert into public.meeting_attachments (meeting_id, file_name, media_type, byte_size, sha256, content)
       values ($1, $2, $3, $4, $5, $6) returning attachment_id`,
      [
        meetingId,
        file.fileName,
        file.mediaType,
        file.bytes.byteLength,
        createHash('sha256').update(file.bytes).digest(),
        Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength),
      ],
    );
    return rows[0]!.attachment_id;
  }).catch((error: unknown) => toAppError(error));
}

export interface StoredAttachment {
  fileName: string;
  mediaType: string;
  content: Buffer;
}

/** One attachment as its meeting's readers may fetch it; 404 otherwise. */
export async function getAttachment(
  tx: Tx,
  meetingId: string,
  attachmentId: string,
): Promise<StoredAttachment> {
  const { rows } = await tx.query<{ file_name: string; media_type: string; content: Buffer }>(
    `select file_name, media_type, content from public.meeting_attachments
      where meeting_id = $1 and attachment_id = $2`,
    [meetingId, attachmentId],
  );
  const row = rows[0];
  if (!row) throw notFound({ meetingId, attachmentId });
  return { fileName: row.file_name, mediaType: row.media_type, content: row.content };
}

/** A download response: never rendered inline, never sniffed, never cached by shared caches. */
export function attachmentResponse(attachment: StoredAttachment): Response {
  const ascii = attachment.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return new Response(new Uint8Array(attachment.content), {
    headers: {
      'content-type': attachment.mediaType,
      'content-length': String(attachment.content.byteLength),
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
    },
  });
}
