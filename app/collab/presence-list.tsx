import { useId, useMemo, useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { useT } from '~/components/i18n';

const COLOR = /^#[0-9a-fA-F]{6}$/;
const FALLBACK_COLOR = '#4a5360';

interface Person {
  key: string;
  name: string | null;
  organization: string | null;
  color: string;
  isSelf: boolean;
}

function readText(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Everyone in the awareness states, yourself first; one entry per person (several tabs count once). */
function readPeople(awareness: Awareness): Person[] {
  const byIdentity = new Map<string, Person>();
  for (const [clientId, state] of awareness.getStates()) {
    const user = (state as { user?: Record<string, unknown> } | null)?.user ?? {};
    const name = readText(user.name);
    const organization = readText(user.organization);
    const color =
      typeof user.color === 'string' && COLOR.test(user.color) ? user.color : FALLBACK_COLOR;
    const userId = readText(user.userId);
    const key = userId
      ? `user:${userId}`
      : name === null
        ? `client:${clientId}`
        : JSON.stringify([name, organization, color]);
    const isSelf = clientId === awareness.clientID;
    const known = byIdentity.get(key);
    byIdentity.set(key, {
      key,
      name,
      organization,
      color,
      isSelf: isSelf || (known?.isSelf ?? false),
    });
  }
  return [...byIdentity.values()].sort(
    (a, b) =>
      Number(b.isSelf) - Number(a.isSelf) || (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff'),
  );
}

/** An external store over the awareness that only changes when the list of people does (not on caret moves). */
function presenceStore(awareness: Awareness) {
  let snapshot: Person[] = [];
  let snapshotKey = '';
  return {
    subscribe(onChange: () => void) {
      awareness.on('change', onChange);
      return () => awareness.off('change', onChange);
    },
    getSnapshot(): Person[] {
      const people = readPeople(awareness);
      const key = JSON.stringify(people);
      if (key !== snapshotKey) {
        snapshot = people;
        snapshotKey = key;
      }
      return snapshot;
    },
  };
}

/** "Wer ist hier": the people who have this measure open, each with their caret colour and name. */
export function PresenceList({ awareness }: { awareness: Awareness }) {
  const t = useT();
  const headingId = useId();
  const store = useMemo(() => presenceStore(awareness), [awareness]);
  const people = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);

  return (
    <div className="presence">
      <h3 id={headingId} className="presence__title">
        {t('collab.presence.title')}
      </h3>
      <ul className="presence__list" aria-labelledby={headingId}>
        {people.map((person) => (
          <li key={person.key} className="presence__person">
            <span
              className="presence__swatch"
              style={{ backgroundColor: person.color }}
              aria-hidden="true"
            />
            <span>
              {person.name ?? t('collab.presence.unknown')}
              {person.organization ? ` (${person.organization})` : ''}
              {person.isSelf ? ` ${t('collab.presence.you')}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
