const REGISTRY = Symbol.for('masterplan-werkstatt.singletons');

type Registry = Map<string, unknown>;

function registry(): Registry {
  const holder = globalThis as typeof globalThis & { [REGISTRY]?: Registry };
  holder[REGISTRY] ??= new Map();
  return holder[REGISTRY];
}

/**
 * One instance per process, shared by every copy of a module. The Node entry, the React Router
 * server build and Vite's dev SSR each load their own copy of `app/lib`; process-wide resources
 * (the database pool, the embedded PGlite, the logger) must exist once, so they live here.
 */
export function singleton<T>(name: string, create: () => T): T {
  const map = registry();
  if (!map.has(name)) map.set(name, create());
  return map.get(name) as T;
}

export function replaceSingleton<T>(name: string, value: T | undefined): void {
  if (value === undefined) registry().delete(name);
  else registry().set(name, value);
}
