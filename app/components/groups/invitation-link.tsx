import { useState } from 'react';
import { useT } from '../i18n';

/** The one-time invitation link, selectable and (with JavaScript) copyable by button. */
export function InvitationLink({ email, url }: { email: string; url: string }) {
  const t = useT();
  const [isCopied, setIsCopied] = useState(false);
  const copy = () => {
    // Without a secure context (plain http) there is no clipboard; the field stays selectable.
    if (!navigator.clipboard) return;
    void navigator.clipboard.writeText(url).then(
      () => setIsCopied(true),
      () => setIsCopied(false),
    );
  };
  return (
    <div className="invitation-link">
      <div className="field">
        <label htmlFor="invitation-link">{t('group.invite.link', { email })}</label>
        <input
          id="invitation-link"
          type="text"
          readOnly
          value={url}
          aria-describedby="invitation-link-hint"
          onFocus={(event) => event.currentTarget.select()}
        />
        <p className="field-help" id="invitation-link-hint">
          {t('group.invite.linkHint')}
        </p>
      </div>
      <div className="button-row">
        <button type="button" className="button button--secondary" onClick={copy}>
          {t('group.invite.copy')}
        </button>
        <span role="status">{isCopied ? t('group.invite.copied') : ''}</span>
      </div>
    </div>
  );
}
