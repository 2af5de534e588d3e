import type { DocumentKind } from '~/lib/collab/protocol';
import { writeInitialMinutes } from '~/lib/db/measure-documents.server';
import { storeMeasureContent, storeMinutesContent } from './persistence.server';

/**
 * What differs between the kinds of co-edited document; everything else (loading, checking,
 * storing, compaction, rechecks) is the same server code.
 */
export interface DocumentKindRules {
  /**
   * SQL, asked as the user, of the access to the document with id `d.id`: 'edit', 'view' or null.
   * Postgres decides; the server never re-implements the rule.
   */
  accessSql: string;
  /**
   * SQL, asked as the user: whether `d.id` names something that exists for them. False answers
   * the upgrade with 404, a null access with 403.
   */
  existsSql: string;
  /** Stores the rendered text and HTML where pages, search and exports read them. */
  storeDerived(id: string, html: string, text: string): Promise<void>;
  /**
   * Called by loadDocument when nothing is stored for the document: writes its first update, or
   * nothing (null: the document starts empty, its content is written when it is created).
   */
  writeInitial: ((id: string) => Promise<void>) | null;
}

export const DOCUMENT_KINDS: Record<DocumentKind, DocumentKindRules> = {
  measure: {
    accessSql: 'public.measure_document_access(d.id)',
    existsSql: 'app_private.measure_exists(d.id)',
    storeDerived: storeMeasureContent,
    writeInitial: null,
  },
  minutes: {
    // The minutes lifecycle (draft: group and invitees; approval: attendees until the window
    // ends; approved: nobody) lives in can_amend_minutes, which the meetings' RLS uses too.
    accessSql: `case when app_private.can_amend_minutes(d.id) then 'edit'
                     when app_private.can_read_meeting(d.id) then 'view' end`,
    // Like the meeting pages: a meeting the user may not see does not exist for them (404).
    existsSql: 'app_private.can_read_meeting(d.id)',
    storeDerived: storeMinutesContent,
    writeInitial: writeInitialMinutes,
  },
};
