import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DOCUMENT_FIELD } from '../../app/lib/collab/editor-extensions';
import { measureDocumentName } from '../../app/lib/collab/protocol';
import { withService } from '../../app/lib/db/with-service.server';
import {
  addParagraph,
  connectClient,
  eventually,
  sessionCookie,
  startCollabServer,
  type CollabTestServer,
} from '../fixtures/collab';
import { buildScenario, createMeasure, type Scenario } from '../fixtures/scenario';

let server: CollabTestServer;
let scenario: Scenario;

beforeAll(async () => {
  server = await startCollabServer();
  scenario = await buildScenario();
});

afterAll(async () => {
  await server?.close();
});

async function derived(measureId: string) {
  return withService(async (tx) => {
    const { rows } = await tx.query<{ content_html: string; content_text: string }>(
      'select content_html, content_text from public.measures where measure_id = $1',
      [measureId],
    );
    return rows[0]!;
  });
}

describe('collab derived content', () => {
  it('stores the sanitised render on the measure once edits settle: script text escaped, unsafe links lose their href', async () => {
    const measureId = await createMeasure(scenario, { visibility: 'group' });
    const cookie = await sessionCookie(server.url, scenario.accounts.memberA);
    const editor = connectClient({ url: server.url, measureId, cookie });
    try {
      await eventually(() => expect(editor.provider.synced).toBe(true));
      addParagraph(editor.doc, '<script>alert(1)</script> & <img src=x onerror=alert(2)>');
      for (const href of [
        'javascript:alert(1)',
        'JAVASCRIPT:alert(1)',
        ' javascript:alert(1)',
        'data:text/html,<script>alert(1)</script>',
        'https://example.org/"onmouseover="alert(1)',
      ]) {
        addParagraph(editor.doc, `Link ${href}`, { link: { href } });
      }
      addParagraph(editor.doc, 'Guter Link', {
        link: { href: 'https://example.org/seite?a=1&b=2' },
      });
      addParagraph(editor.doc, 'Post', { link: { href: 'mailto:info@example.org' } });
      // An element outside the schema: not rendered, and the render must not delete it.
      editor.doc.transact(() => {
        const frame = new Y.XmlElement('iframe');
        frame.setAttribute('src', 'https://evil.example');
        editor.doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [frame]);
      });
      addParagraph(editor.doc, 'Ende');

      await eventually(async () =>
        expect((await derived(measureId)).content_text).toMatch(/Ende$/),
      );
      const { content_html: html, content_text: text } = await derived(measureId);

      // Only paragraphs and links, with nothing but rel and a quoted href: the rest is text.
      for (const tag of html.match(/<[^/][^>]*>/g) ?? []) {
        expect(tag).toMatch(/^<(p|a rel="noopener noreferrer nofollow"( href="[^"<>]*")?\s*)>$/);
      }
      expect(html).toContain(
        '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;',
      );
      expect(html).not.toMatch(/href="\s*(javascript|data):/i);
      expect(html).toContain('href="https://example.org/seite?a=1&amp;b=2"');
      expect(html).toContain('href="mailto:info@example.org"');
      expect(html).not.toContain('evil.example');
      expect(text).toContain('<script>alert(1)</script> & <img src=x onerror=alert(2)>');
      expect(text).toContain('Link javascript:alert(1)');
      expect(text).toContain('Guter Link');

      const room = server.collab.rooms.get(measureDocumentName(measureId))!;
      expect(room.doc.getXmlFragment(DOCUMENT_FIELD).toString()).toContain('<iframe');
      expect(editor.doc.getXmlFragment(DOCUMENT_FIELD).toString()).toContain('<iframe');
    } finally {
      editor.destroy();
    }
  });
});
