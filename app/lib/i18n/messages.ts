import * as admin from './messages/admin';
import * as collab from './messages/collab';
import * as common from './messages/common';
import * as groups from './messages/groups';
import * as measures from './messages/measures';
import * as meetings from './messages/meetings';
import * as review from './messages/review';
import * as tracking from './messages/tracking';

/**
 * All texts, one file per domain under messages/. German is the source language; every domain's
 * English catalogue must have exactly its German keys (typechecked there).
 */
export const de = {
  ...common.de,
  ...measures.de,
  ...groups.de,
  ...admin.de,
  ...collab.de,
  ...review.de,
  ...tracking.de,
  ...meetings.de,
} as const;

export type MessageKey = keyof typeof de;
export type Messages = Record<MessageKey, string>;

export const en: Messages = {
  ...common.en,
  ...measures.en,
  ...groups.en,
  ...admin.en,
  ...collab.en,
  ...review.en,
  ...tracking.en,
  ...meetings.en,
};

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(de, value);
}
