import { useEffect, useState } from 'react';
import { useT } from '~/components/i18n';
import type { MessageKey } from '~/lib/i18n/messages';
import type { CollabStatus as Status } from './use-collab-document';

/** How long a status must hold before it is announced, so saving after every keystroke stays quiet. */
const ANNOUNCE_AFTER_MS = 1500;

const ICONS: Record<Status, string> = {
  connecting: '…',
  connected: '●',
  offline: '⚠',
  saved: '✓',
  noAccess: '⊘',
  signedOut: '⊘',
};

function labelKey(status: Status, canEdit: boolean): MessageKey {
  return status === 'offline' && !canEdit
    ? 'collab.status.offlineReadOnly'
    : `collab.status.${status}`;
}

/**
 * The connection badge. It shows every change at once; the polite live region repeats a status only
 * once it has held for a moment (offline at once), so screen readers are not told about each save.
 */
export function CollabStatus({ status: actual, canEdit }: { status: Status; canEdit: boolean }) {
  const t = useT();
  // Readers have nothing to save: for them a synced document is simply connected.
  const status = actual === 'saved' && !canEdit ? 'connected' : actual;
  const label = t(labelKey(status, canEdit));
  const [announced, setAnnounced] = useState(label);

  useEffect(() => {
    const timer = setTimeout(
      () => setAnnounced(label),
      status === 'offline' ? 0 : ANNOUNCE_AFTER_MS,
    );
    return () => clearTimeout(timer);
  }, [label, status]);

  return (
    <div className={`collab-status collab-status--${status}`}>
      <span className="collab-status__badge" aria-hidden="true">
        <span className="collab-status__icon">{ICONS[status]}</span> {label}
      </span>
      <span role="status" aria-live="polite" className="visually-hidden">
        {announced}
      </span>
    </div>
  );
}
