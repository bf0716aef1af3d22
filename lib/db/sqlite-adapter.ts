import "server-only";
// Prisma's better-sqlite3 adapter runs every query of the process on ONE connection and only
// serialises transactions among themselves. A query from another request that arrives while a
// transaction is open therefore runs inside it: it sees uncommitted rows, and a write would be
// rolled back with it. This wrapper makes every top-level query wait until the open transaction
// (if any) has committed or rolled back, which is what a second connection would see.
// Inside a transaction, lib/db only uses the transaction client, never getDb() (that would wait
// for itself until the transaction timeout).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from "@prisma/driver-adapter-utils";

class Lock {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves with a release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => held);
    return previous.then(() => release);
  }
}

function serialized(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const lock = new Lock();
  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    const release = await lock.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  };
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (q: SqlQuery) => exclusive(() => adapter.queryRaw(q)),
    executeRaw: (q: SqlQuery) => exclusive(() => adapter.executeRaw(q)),
    executeScript: (script: string) => exclusive(() => adapter.executeScript(script)),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
    async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
      const release = await lock.acquire();
      let tx: Transaction;
      try {
        tx = await adapter.startTransaction(isolationLevel);
      } catch (error) {
        release();
        throw error;
      }
      let released = false;
      const end = async (fn: () => Promise<void>) => {
        try {
          await fn();
        } finally {
          if (!released) {
            released = true;
            release();
          }
        }
      };
      return {
        provider: tx.provider,
        adapterName: tx.adapterName,
        options: tx.options,
        queryRaw: (q: SqlQuery) => tx.queryRaw(q),
        executeRaw: (q: SqlQuery) => tx.executeRaw(q),
        commit: () => end(() => tx.commit()),
        rollback: () => end(() => tx.rollback()),
      };
    },
  };
}

export function serializedSqliteAdapter(url: string): SqlDriverAdapterFactory {
  // timeout: how long a writer waits for another process's lock (app + seed on one file).
  const inner = new PrismaBetterSQLite3({ url, timeout: 10_000 });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => serialized(await inner.connect()),
  };
}
