import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A titled part of a Verwaltung page. With `focusKey` set, its heading takes focus whenever the
 * key changes (an edit form opened from a table link), so keyboard and screen-reader users land there.
 */
export function AdminSection({
  title,
  focusKey,
  className,
  children,
}: {
  title: string;
  focusKey?: string | null;
  className?: string;
  children: ReactNode;
}) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusKey) heading.current?.focus();
  }, [focusKey]);
  return (
    <section aria-labelledby={headingId} className={className ?? 'admin-section'}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A data table in a keyboard-scrollable region named by its caption (read out, not shown). */
export function AdminTable({ caption, children }: { caption: string; children: ReactNode }) {
  const captionId = useId();
  return (
    <div className="admin-table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="admin-table">
        <caption id={captionId} className="visually-hidden">
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
}
