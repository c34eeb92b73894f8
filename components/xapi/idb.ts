// A few promise helpers over IndexedDB, just what the outbox and resume state need. Not a
// general wrapper: `idb` would cost ~1.2 KB gzip on the critical path for features we do not use.

export type Mode = 'readonly' | 'readwrite';

/** Resolves with a request's result, rejects with its error. */
export function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** Opens (and on first use creates) a database; `upgrade` creates its stores. */
export function openDb(name: string, version: number, upgrade: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  const r = indexedDB.open(name, version);
  r.onupgradeneeded = () => upgrade(r.result);
  return new Promise((resolve, reject) => {
    r.onsuccess = () => {
      const db = r.result;
      // Another tab upgrading the schema must not be blocked by this one.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new Error(`IndexedDB ${name}: open blocked by another tab`));
  });
}

/**
 * Runs `body` in one transaction over `stores` and resolves with its value once the
 * transaction has committed (so a resolved write is durable), rejecting if it aborts.
 */
export function tx<T>(db: IDBDatabase, stores: string[], mode: Mode, body: (t: IDBTransaction) => Promise<T> | T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = db.transaction(stores, mode, { durability: 'strict' });
    let value: T;
    t.oncomplete = () => resolve(value);
    t.onabort = t.onerror = () => reject(t.error ?? new Error('IndexedDB transaction aborted'));
    Promise.resolve(body(t)).then(
      (v) => {
        value = v;
      },
      (err: unknown) => {
        try {
          t.abort();
        } catch {
          // already finished
        }
        reject(err);
      },
    );
  });
}
