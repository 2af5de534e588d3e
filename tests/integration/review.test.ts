import { getSchema } from '@tiptap/core';
import { initProseMirrorDoc } from '@tiptap/y-tiptap';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeDocumentFromJSON, renderDocument } from '../../app/lib/collab/document.server';
import { writeInitialDocument } from '../../app/lib/db/measure-documents.server';
import { withUser, type Tx } from '../../app/lib/db/with-user.server';
import type { UserDb } from '../../app/lib/measures/measures.server';
import { saveVersion } from '../../app/lib/review/review.server';
import { DOCUMENT_FIELD, documentExtensions } from '../../app/lib/collab/editor-extensions';
import { withService } from '../../app/lib/db/with-service.server';
import { createAnchor, passageText, resolveAnchor } from '../../app/lib/review/anchors';
import { createTestAccount, type TestAccount } from '../fixtures/accounts';
import {
  actAs,
  attempt,
  buildScenario,
  createMeasure,
  LEAD_ORGANIZATION,
  PARTNER_ORGANIZATION,
  probeAs,
  readAsService,
  signAsService,
  type Persona,
  type Scenario,
} from '../fixtures/scenario';

/**
 * Review and agreement in the database: comment and signature access (as each persona, never as a
 * superuser), anchors that follow concurrent edits, signatures bound to the binding sections, and
 * agreement refused without every signature.
 */

const schema = getSchema(documentExtensions());

const TEXT = (resources: string, extra = 'Hintergrund zur Maßnahme.') => `
  <p>${extra}</p><h2>Ziel</h2><p>Mehr Ausbildungsplätze in der Region.</p>
  <h2>Zuständigkeit</h2><p>IHK und HWK gemeinsam.</p>
  <h2>Ressourcen</h2><p>${resources}</p><h2>Zeitplan</h2><p>Bis Ende 2027.</p>`;

async function setText(measureId: string, html: string): Promise<void> {
  // What the collab server does after changes settle: store the derived HTML as service role.
  await withService((tx) =>
    tx.query('update public.measures set content_html = $2 where measure_id = $1', [
      measureId,
      html,
    ]),
  );
}

async function signatureStates(measureId: string): Promise<Record<string, string>> {
  const rows = await readAsService<{ short_name: string; state: string }>(
    `select o.short_name, case when s.binding_hash = b.binding_hash then 'valid' else 'stale' end as state
       from public.measure_signatures s
       join public.organizations o on o.organization_id = s.organization_id
       join public.measure_binding_state b on b.measure_id = s.measure_id
      where s.measure_id = $1 order by o.short_name`,
    [measureId],
  );
  return Object.fromEntries(rows.map((row) => [row.short_name, row.state]));
}

describe('review and agreement', () => {
  let scenario: Scenario;
  let signer: TestAccount;
  let partnerSigner: TestAccount;

  beforeAll(async () => {
    scenario = await buildScenario();
    signer = await createTestAccount({ organizationShortName: LEAD_ORGANIZATION });
    partnerSigner = await createTestAccount({ organizationShortName: PARTNER_ORGANIZATION });
    await withService(async (tx) => {
      await tx.query('update public.profiles set can_sign = true where profile_id = any($1)', [
        [signer.userId, partnerSigner.userId],
      ]);
      await tx.query(
        "insert into public.working_group_members (working_group_id, user_id, role) values ($1, $2, 'member')",
        [scenario.groupA.id, signer.userId],
      );
    });
  }, 60_000);

  describe('anchors', () => {
    it('a passage follows edits another client makes before, inside the paragraph and elsewhere', () => {
      const a = new Y.Doc();
      const b = new Y.Doc();
      Y.applyUpdate(
        a,
        encodeDocumentFromJSON({
          type: 'doc',
          content: [
            {
              type: 'paragraph',
              content: [{ type: 'text', text: 'Mehr Ausbildungsplätze in der Region.' }],
            },
            { type: 'paragraph', content: [{ type: 'text', text: 'Zweiter Absatz.' }] },
          ],
        }),
      );
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
      const fragmentA = a.getXmlFragment(DOCUMENT_FIELD);
      const before = initProseMirrorDoc(fragmentA, schema);
      const start = 1 + 'Mehr '.length;
      const anchor = createAnchor(
        fragmentA,
        before.mapping,
        start,
        start + 'Ausbildungsplätze'.length,
      );
      expect(passageText(before.doc, { from: start, to: start + 17 })).toBe('Ausbildungsplätze');

      // Client B types in front of the passage and adds a paragraph at the top, concurrently with A.
      const fragmentB = b.getXmlFragment(DOCUMENT_FIELD);
      const firstText = (fragmentB.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      firstText.insert(0, 'Deutlich ');
      const top = new Y.XmlElement('paragraph');
      top.insert(0, [new Y.XmlText('Neuer Anfang.')]);
      fragmentB.insert(0, [top]);
      // Meanwhile A types in the second paragraph.
      ((fragmentA.get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'A schreibt. ');
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a));

      for (const doc of [a, b]) {
        const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
        const after = initProseMirrorDoc(fragment, schema);
        const range = resolveAnchor(doc, fragment, after.mapping, anchor);
        expect(range).not.toBeNull();
        expect(passageText(after.doc, range!)).toBe('Ausbildungsplätze');
      }

      // Deleting the passage's text leaves the thread without a passage ("Bezug gelöscht").
      const text = (b.getXmlFragment(DOCUMENT_FIELD).get(1) as Y.XmlElement).get(0) as Y.XmlText;
      text.delete('Deutlich Mehr '.length, 'Ausbildungsplätze'.length);
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
      const gone = initProseMirrorDoc(fragmentA, schema);
      expect(resolveAnchor(a, fragmentA, gone.mapping, anchor)).toBeNull();
    });

    it('an unreadable anchor resolves to nothing instead of throwing', () => {
      const doc = new Y.Doc();
      const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
      const { mapping } = initProseMirrorDoc(fragment, schema);
      expect(
        resolveAnchor(doc, fragment, mapping, { anchorStart: 'AAAA', anchorEnd: '////' }),
      ).toBeNull();
    });
  });

  describe('comments: who reads and who writes (RLS)', () => {
    const personas: Persona[] = ['anon', 'observer', 'memberA', 'memberB', 'moderatorA', 'admin'];
    // [visibility, persona] → can read threads, can open a thread
    const expected: Record<'group' | 'platform', Record<Persona, [boolean, boolean]>> = {
      group: {
        anon: [false, false],
        observer: [false, false],
        memberA: [true, true],
        memberB: [false, false],
        moderatorA: [true, true],
        admin: [true, true],
      },
      platform: {
        anon: [false, false],
        observer: [true, false],
        memberA: [true, true],
        memberB: [true, false],
        moderatorA: [true, true],
        admin: [true, true],
      },
    };

    for (const visibility of ['group', 'platform'] as const) {
      for (const persona of personas) {
        const [read, write] = expected[visibility][persona];
        it(`${visibility} measure, ${persona}: reads ${read}, comments ${write}`, async () => {
          const measureId = scenario.measures[visibility].id;
          const threadId = await withService(async (tx) => {
            const { rows } = await tx.query<{ thread_id: string }>(
              "insert into public.comment_threads (measure_id, quote, created_by) values ($1, 'Zitat', $2) returning thread_id",
              [measureId, scenario.accounts.memberA.userId],
            );
            await tx.query(
              "insert into public.comments (thread_id, measure_id, body, author_id) values ($1, $2, 'Erster Kommentar', $3)",
              [rows[0]!.thread_id, measureId, scenario.accounts.memberA.userId],
            );
            return rows[0]!.thread_id;
          });
          const seen = await probeAs(scenario, persona, async (tx) => {
            const outcome = await attempt(
              tx,
              'select 1 from public.comments where thread_id = $1',
              [threadId],
            );
            return outcome.took;
          }).catch(() => false);
          expect(seen).toBe(read);
          const opened = await probeAs(scenario, persona, (tx) =>
            attempt(tx, "insert into public.comment_threads (measure_id, quote) values ($1, 'x')", [
              measureId,
            ]),
          ).catch(() => ({ took: false }));
          expect(opened.took).toBe(write);
          const replied = await probeAs(scenario, persona, (tx) =>
            attempt(
              tx,
              "insert into public.comments (thread_id, measure_id, body) values ($1, $2, 'Antwort')",
              [threadId, measureId],
            ),
          ).catch(() => ({ took: false }));
          expect(replied.took).toBe(write);
        });
      }
    }

    it('observers comment on shared measures only where the group allows it', async () => {
      const measureId = scenario.measures.platform.id;
      const tryIt = () =>
        probeAs(scenario, 'observer', (tx) =>
          attempt(tx, "insert into public.comment_threads (measure_id, quote) values ($1, 'x')", [
            measureId,
          ]),
        );
      expect((await tryIt()).took).toBe(false);
      await withService((tx) =>
        tx.query(
          'update public.working_groups set observers_may_comment = true where working_group_id = $1',
          [scenario.groupA.id],
        ),
      );
      try {
        expect((await tryIt()).took).toBe(true);
        // Still never on a group-only draft.
        const draft = await probeAs(scenario, 'observer', (tx) =>
          attempt(tx, "insert into public.comment_threads (measure_id, quote) values ($1, 'x')", [
            scenario.measures.group.id,
          ]),
        );
        expect(draft.took).toBe(false);
      } finally {
        await withService((tx) =>
          tx.query(
            'update public.working_groups set observers_may_comment = false where working_group_id = $1',
            [scenario.groupA.id],
          ),
        );
      }
    });

    it('a comment cannot be forged for another author, and mentions notify only readers', async () => {
      const measureId = scenario.measures.group.id;
      await actAs(scenario, 'memberA', async (tx) => {
        const { rows } = await tx.query<{ thread_id: string }>(
          "insert into public.comment_threads (measure_id, quote, created_by) values ($1, 'x', $2) returning thread_id",
          [measureId, scenario.accounts.admin.userId],
        );
        await tx.query(
          'insert into public.comments (thread_id, measure_id, body, author_id, mentions) values ($1, $2, $3, $4, $5)',
          [
            rows[0]!.thread_id,
            measureId,
            'Bitte prüfen',
            scenario.accounts.admin.userId,
            [scenario.accounts.moderatorA.userId, scenario.accounts.memberB.userId],
          ],
        );
      });
      const [thread] = await readAsService<{
        created_by: string;
        author_id: string;
        thread_id: string;
      }>(
        `select t.created_by, c.author_id, t.thread_id from public.comment_threads t join public.comments c using (thread_id)
          where c.body = 'Bitte prüfen'`,
      );
      expect(thread!.created_by).toBe(scenario.accounts.memberA.userId);
      expect(thread!.author_id).toBe(scenario.accounts.memberA.userId);
      const notified = await readAsService<{ user_id: string }>(
        'select user_id from public.review_notifications where thread_id = $1',
        [thread!.thread_id],
      );
      // memberB is not in group A: cannot read the draft, so is not told about it.
      expect(notified.map((n) => n.user_id)).toEqual([scenario.accounts.moderatorA.userId]);
    });
  });

  describe('versions', () => {
    it('a saved version keeps the text, the key data and the Yjs state; a reader cannot save one', async () => {
      const measureId = await createMeasure(scenario, { status: 'draft', signed: false });
      await writeInitialDocument(measureId);
      const asUser = (account: TestAccount) => (fn: (tx: Tx) => Promise<unknown>) =>
        withUser(account.claims, fn);
      const versionId = await saveVersion(
        asUser(scenario.accounts.memberA) as UserDb,
        measureId,
        'Stand nach Sitzung 2',
      );
      const [row] = await readAsService<{
        name: string;
        number: number;
        content_text: string;
        state: Buffer | null;
        metadata: { status: string; organizations: { shortName: string }[] };
        created_by: string;
      }>('select * from public.measure_versions where version_id = $1', [versionId]);
      expect(row).toMatchObject({
        name: 'Stand nach Sitzung 2',
        number: 1,
        created_by: scenario.accounts.memberA.userId,
      });
      expect(row!.content_text).toContain('Ressourcen');
      expect(row!.metadata.status).toBe('draft');
      expect(row!.metadata.organizations.map((o) => o.shortName)).toEqual([LEAD_ORGANIZATION]);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, new Uint8Array(row!.state!));
      expect(renderDocument(doc).text).toBe(row!.content_text);
      await expect(
        saveVersion(asUser(scenario.accounts.memberB) as UserDb, measureId, 'Fremd'),
      ).rejects.toMatchObject({ status: 403 });
    });
  });

  describe('signatures', () => {
    it('only admins grant the signing right, never to themselves by another route', async () => {
      const own = await probeAs(scenario, 'memberA', (tx) =>
        attempt(tx, 'update public.profiles set can_sign = true where profile_id = $1', [
          scenario.accounts.memberA.userId,
        ]),
      );
      expect(own).toEqual({ took: false, code: '42501', constraint: undefined });
      const granted = await probeAs(scenario, 'admin', (tx) =>
        attempt(tx, 'update public.profiles set can_sign = true where profile_id = $1', [
          scenario.accounts.memberA.userId,
        ]),
      );
      expect(granted.took).toBe(true);
    });

    it('only a signer of a lead or partner organisation signs, and only the current text', async () => {
      const measureId = await createMeasure(scenario, { status: 'consultation', signed: false });
      await setText(measureId, TEXT('50.000 € aus dem Landesprogramm.'));
      const version = await withService(async (tx) => {
        const { rows } = await tx.query<{ version_id: string }>(
          "insert into public.measure_versions (measure_id, name, kind) values ($1, 'Stand', 'manual') returning version_id",
          [measureId],
        );
        return rows[0]!.version_id;
      });
      const sign = (account: TestAccount, organization: string) =>
        withUser(account.claims, (tx) =>
          attempt(
            tx,
            'insert into public.measure_signatures (measure_id, organization_id, version_id, binding_hash) values ($1, $2, $3, $4)',
            [measureId, scenario.organizations[organization], version, 'forged'],
          ),
        );
      // Without the right, for another organisation, or for an organisation not on the measure: refused.
      expect((await sign(scenario.accounts.memberA, LEAD_ORGANIZATION)).took).toBe(false);
      expect((await sign(signer, PARTNER_ORGANIZATION)).took).toBe(false);
      expect((await sign(partnerSigner, PARTNER_ORGANIZATION)).took).toBe(false); // DGB is no partner here
      expect((await sign(signer, LEAD_ORGANIZATION)).took).toBe(true);
      const [row] = await readAsService<{ binding_hash: string; signed_by: string }>(
        'select binding_hash, signed_by from public.measure_signatures where measure_id = $1',
        [measureId],
      );
      expect(row!.binding_hash).not.toBe('forged');
      expect(row!.signed_by).toBe(signer.userId);
      // After a change to a binding section, that old version can no longer be signed.
      await setText(measureId, TEXT('80.000 € aus dem Landesprogramm.'));
      await withService((tx) =>
        tx.query('delete from public.measure_signatures where measure_id = $1', [measureId]),
      );
      const outdated = await withUser(signer.claims, async (tx) => {
        await tx.query('savepoint s');
        try {
          await tx.query(
            "insert into public.measure_signatures (measure_id, organization_id, version_id, binding_hash) values ($1, $2, $3, '')",
            [measureId, scenario.organizations[LEAD_ORGANIZATION], version],
          );
          return null;
        } catch (error) {
          await tx.query('rollback to savepoint s');
          return (error as { constraint?: string }).constraint;
        }
      });
      expect(outdated).toBe('measure_signatures_current_text');
    });

    it('editing a binding section makes exactly that measure’s signatures stale; other edits keep them', async () => {
      const first = await createMeasure(scenario, { status: 'consultation', signed: false });
      const second = await createMeasure(scenario, { status: 'consultation', signed: false });
      for (const id of [first, second]) {
        await withService(async (tx) => {
          await tx.query(
            "insert into public.measure_organizations (measure_id, organization_id, role) values ($1, $2, 'partner')",
            [id, scenario.organizations[PARTNER_ORGANIZATION]],
          );
        });
        await setText(id, TEXT('50.000 €'));
        await withService((tx) => signAsService(tx, id));
      }
      await withService((tx) =>
        tx.query('update public.measure_signatures set signed_by = $2 where measure_id = $1', [
          first,
          signer.userId,
        ]),
      );
      expect(await signatureStates(first)).toEqual({ AGIT: 'valid', DGB: 'valid' });

      // Outside the binding sections: still valid.
      await setText(first, TEXT('50.000 €', 'Ein neuer einleitender Satz.'));
      expect(await signatureStates(first)).toEqual({ AGIT: 'valid', DGB: 'valid' });

      // In "Ressourcen": stale on this measure only, and the signer is told.
      await setText(first, TEXT('80.000 €', 'Ein neuer einleitender Satz.'));
      expect(await signatureStates(first)).toEqual({ AGIT: 'stale', DGB: 'stale' });
      expect(await signatureStates(second)).toEqual({ AGIT: 'valid', DGB: 'valid' });
      const told = await readAsService<{ user_id: string; kind: string }>(
        'select user_id, kind from public.review_notifications where measure_id = $1',
        [first],
      );
      expect(told).toEqual([{ user_id: signer.userId, kind: 'signature_stale' }]);
    });

    it('agreement is refused until the lead and every partner signed the current text', async () => {
      const measureId = await createMeasure(scenario, { status: 'consultation', signed: false });
      await withService((tx) =>
        tx.query(
          "insert into public.measure_organizations (measure_id, organization_id, role) values ($1, $2, 'partner')",
          [measureId, scenario.organizations[PARTNER_ORGANIZATION]],
        ),
      );
      await setText(measureId, TEXT('50.000 €'));
      const agree = () =>
        actAs(scenario, 'moderatorA', (tx) =>
          tx.query("update public.measures set status = 'agreed' where measure_id = $1", [
            measureId,
          ]),
        ).then(
          () => null,
          (error: { constraint?: string }) => error.constraint,
        );
      expect(await agree()).toBe('measures_agreed_need_signatures');
      await withService((tx) =>
        signAsService(tx, measureId, [scenario.organizations[LEAD_ORGANIZATION]!]),
      );
      expect(await agree()).toBe('measures_agreed_need_signatures'); // the partner is missing
      await withService((tx) => signAsService(tx, measureId));
      await setText(measureId, TEXT('90.000 €')); // … and then the text changed
      expect(await agree()).toBe('measures_agreed_need_signatures');
      await withService((tx) => signAsService(tx, measureId));
      expect(await agree()).toBeNull();
      const [row] = await readAsService<{ status: string }>(
        'select status from public.measures where measure_id = $1',
        [measureId],
      );
      expect(row!.status).toBe('agreed');
      // Entering agreement stored a version automatically.
      const versions = await readAsService<{ name: string; kind: string }>(
        "select name, kind from public.measure_versions where measure_id = $1 and kind = 'status'",
        [measureId],
      );
      expect(versions).toEqual([{ name: 'Status: Vereinbart', kind: 'status' }]);
    });

    it('signatures and versions are read exactly by the measure’s readers', async () => {
      const measureId = scenario.measures.group.id;
      await withService((tx) => signAsService(tx, measureId));
      const expected: Record<Persona, boolean> = {
        anon: false,
        observer: false,
        memberA: true,
        memberB: false,
        moderatorA: true,
        admin: true,
      };
      for (const [persona, allowed] of Object.entries(expected) as [Persona, boolean][]) {
        const seen = await probeAs(scenario, persona, async (tx) => ({
          signatures: (
            await attempt(tx, 'select 1 from public.measure_signatures where measure_id = $1', [
              measureId,
            ])
          ).took,
          versions: (
            await attempt(tx, 'select 1 from public.measure_versions where measure_id = $1', [
              measureId,
            ])
          ).took,
        })).catch(() => ({ signatures: false, versions: false }));
        expect(seen, persona).toEqual({ signatures: allowed, versions: allowed });
      }
      // Versions are history: nobody changes or deletes them.
      for (const persona of ['memberA', 'moderatorA', 'admin'] as const) {
        const changed = await probeAs(scenario, persona, (tx) =>
          attempt(tx, "update public.measure_versions set name = 'x' where measure_id = $1", [
            measureId,
          ]),
        );
        expect(changed.took, persona).toBe(false);
        const deleted = await probeAs(scenario, persona, (tx) =>
          attempt(tx, 'delete from public.measure_versions where measure_id = $1', [measureId]),
        );
        expect(deleted.took, persona).toBe(false);
      }
    });
  });
});
