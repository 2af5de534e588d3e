import { beforeAll, describe, expect, it } from 'vitest';
import { withUser } from '../../app/lib/db/with-user.server';
import { isAppError } from '../../app/lib/errors';
import {
  addAttachment,
  attachmentResponse,
  checkAttachment,
  detectAttachmentType,
  getAttachment,
  readUploadForm,
} from '../../app/lib/meetings/attachments.server';
import { ATTACHMENT_MAX_BYTES, MeetingFormSchema } from '../../app/lib/meetings/meetings.schema';
import { createMeeting, performMeetingAction } from '../../app/lib/meetings/meetings.server';
import type { UserDb } from '../../app/lib/measures/measures.server';
import {
  buildScenario,
  readAsService,
  type Scenario,
  type SignedInPersona,
} from '../fixtures/scenario';

/** Attachments: size cap, type by content, stored behind the meeting's RLS, served as downloads. */

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
const HTML = Buffer.from('<!doctype html><html><script>alert(document.cookie)</script></html>');

function zip(firstEntry: string, content: string, more = ''): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(firstEntry.length, 26);
  return Buffer.concat([header, Buffer.from(firstEntry), Buffer.from(content), Buffer.from(more)]);
}
const ODT = zip('mimetype', 'application/vnd.oasis.opendocument.text');
const DOCX = zip('[Content_Types].xml', '<Types/>', 'PK\u0003\u0004word/document.xml');

let scenario: Scenario;
const dbOf =
  (persona: SignedInPersona): UserDb =>
  (fn) =>
    withUser(scenario.accounts[persona].claims, fn);

function refusal(fn: () => unknown): { status: number; code: string } {
  try {
    fn();
  } catch (error) {
    if (isAppError(error)) return { status: error.status, code: error.code };
    throw error;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  scenario = await buildScenario();
});

describe('attachment checks', () => {
  it('tells the allowed types by content', () => {
    expect(detectAttachmentType(PDF)).toBe('pdf');
    expect(detectAttachmentType(PNG)).toBe('png');
    expect(detectAttachmentType(JPEG)).toBe('jpeg');
    expect(detectAttachmentType(ODT)).toBe('odt');
    expect(detectAttachmentType(DOCX)).toBe('docx');
    expect(detectAttachmentType(HTML)).toBeNull();
    expect(detectAttachmentType(zip('evil.html', '<html>'))).toBeNull();
  });

  it('refuses an HTML file renamed .pdf, and a real PDF renamed .png (415)', () => {
    expect(refusal(() => checkAttachment('protokoll.pdf', HTML))).toEqual({
      status: 415,
      code: 'attachment_type',
    });
    expect(refusal(() => checkAttachment('bild.png', PDF))).toEqual({
      status: 415,
      code: 'attachment_type',
    });
    expect(checkAttachment('C:\\Users\\x\\Präsentation.PDF', PDF)).toMatchObject({
      fileName: 'Präsentation.PDF',
      mediaType: 'application/pdf',
    });
  });

  it('accepts exactly the cap and refuses one byte more (413)', () => {
    const atCap = Buffer.alloc(ATTACHMENT_MAX_BYTES);
    PDF.copy(atCap);
    expect(checkAttachment('gross.pdf', atCap).bytes.byteLength).toBe(ATTACHMENT_MAX_BYTES);
    const over = Buffer.alloc(ATTACHMENT_MAX_BYTES + 1);
    PDF.copy(over);
    expect(refusal(() => checkAttachment('gross.pdf', over))).toEqual({
      status: 413,
      code: 'attachment_too_large',
    });
  });

  it('refuses an oversized upload body before buffering it whole (413)', async () => {
    const big = new Uint8Array(ATTACHMENT_MAX_BYTES + 128 * 1024);
    const streamed = new Request('http://x.example/upload', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(big);
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    await expect(readUploadForm(streamed)).rejects.toMatchObject({ status: 413 });
    const declared = new Request('http://x.example/upload', {
      method: 'POST',
      headers: {
        'content-length': String(big.byteLength),
        'content-type': 'multipart/form-data; boundary=x',
      },
      body: big,
    });
    await expect(readUploadForm(declared)).rejects.toMatchObject({ status: 413 });
  });
});

describe('attachments in the database', () => {
  it('the group uploads and reads; another group neither reads nor uploads; served as a download', async () => {
    const meetingId = await createMeeting(
      dbOf('moderatorA'),
      scenario.groupA.id,
      MeetingFormSchema.parse({
        title: 'Mit Anlage',
        startsAt: '2027-01-10T10:00',
        endsAt: '2027-01-10T11:00',
      }),
    );
    const attachmentId = await addAttachment(
      dbOf('memberA'),
      meetingId,
      checkAttachment('Folien.pdf', PDF),
    );
    const stored = await dbOf('moderatorA')((tx) => getAttachment(tx, meetingId, attachmentId));
    expect(Buffer.compare(stored.content, PDF)).toBe(0);

    await expect(
      dbOf('memberB')((tx) => getAttachment(tx, meetingId, attachmentId)),
    ).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      addAttachment(dbOf('memberB'), meetingId, checkAttachment('x.pdf', PDF)),
    ).rejects.toMatchObject({
      status: 403,
    });

    const response = attachmentResponse(stored);
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="Folien.pdf"/,
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-type')).toBe('application/pdf');
  });

  it('the database refuses a type outside the list and a size that does not match the content', async () => {
    const meetingId = await createMeeting(
      dbOf('moderatorA'),
      scenario.groupA.id,
      MeetingFormSchema.parse({
        title: 'Prüfung',
        startsAt: '2027-01-11T10:00',
        endsAt: '2027-01-11T11:00',
      }),
    );
    const attempt = (mediaType: string, size: number) =>
      dbOf('moderatorA')((tx) =>
        tx.query(
          `insert into public.meeting_attachments (meeting_id, file_name, media_type, byte_size, sha256, content)
           values ($1, 'x.html', $2, $3, sha256($4), $4)`,
          [meetingId, mediaType, size, HTML],
        ),
      );
    await expect(attempt('text/html', HTML.byteLength)).rejects.toMatchObject({ code: '23514' });
    await expect(attempt('application/pdf', HTML.byteLength + 1)).rejects.toMatchObject({
      code: '23514',
    });
  });

  it('a member removes only their own upload; the moderator removes any', async () => {
    const meetingId = await createMeeting(
      dbOf('moderatorA'),
      scenario.groupA.id,
      MeetingFormSchema.parse({
        title: 'Aufräumen',
        startsAt: '2027-01-12T10:00',
        endsAt: '2027-01-12T11:00',
      }),
    );
    const byModerator = await addAttachment(
      dbOf('moderatorA'),
      meetingId,
      checkAttachment('a.png', PNG),
    );
    const byMember = await addAttachment(
      dbOf('memberA'),
      meetingId,
      checkAttachment('b.jpg', JPEG),
    );
    await expect(
      performMeetingAction(dbOf('memberA'), meetingId, {
        intent: 'deleteAttachment',
        attachmentId: byModerator,
      }),
    ).rejects.toMatchObject({ status: 403 });
    await performMeetingAction(dbOf('memberA'), meetingId, {
      intent: 'deleteAttachment',
      attachmentId: byMember,
    });
    await performMeetingAction(dbOf('moderatorA'), meetingId, {
      intent: 'deleteAttachment',
      attachmentId: byModerator,
    });
    expect(
      await readAsService('select 1 from public.meeting_attachments where meeting_id = $1', [
        meetingId,
      ]),
    ).toEqual([]);
  });
});
