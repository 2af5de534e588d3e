import type { MessageKey } from '~/lib/i18n/messages';
import { useT } from '../i18n';

export { FormAlert, type FormFailure } from '../form-alert';

/** What the last successful change did (after its redirect). */
export function Notice({ message }: { message: MessageKey | null }) {
  const t = useT();
  return (
    <div role="status" className="admin-status">
      {message ? <p className="notice">{t(message)}</p> : null}
    </div>
  );
}
