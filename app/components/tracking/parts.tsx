import type { ReactNode } from 'react';

/** A progress bar that also says its number, so it reads without colour. */
export function ProgressMeter({ value, label }: { value: number; label: string }) {
  return (
    <div className="progress-meter">
      <div
        className="progress-meter__track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
      >
        <div className="progress-meter__bar" style={{ width: `${value}%` }} />
      </div>
      <span className="progress-meter__value">{value} %</span>
    </div>
  );
}

/** A wide table that scrolls sideways on small screens; focusable so keyboards can scroll it. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="tracking-table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
