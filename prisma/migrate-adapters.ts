// Driver-adapter factories for the Prisma CLI's JavaScript schema engine (Prisma 6.19.3, engine "js").
// Used only by prisma.config.ts and prisma/postgres.config.ts, never by the app. Each wrapper works
// around a defect of the JS engine measured on this stack (see ../shared/docs/stack-notes.md):
//  - SQLite: a whole migration file reaches executeRaw as one statement, but better-sqlite3 prepares
//    one statement at a time (P3006 on the shadow database). Multi-statement scripts go to executeScript.
//  - PostgreSQL: the pg adapter cannot map the `name`/`char` column types (ids 19/18) nor their arrays
//    (1003/1002) that the engine's catalogue queries return (prisma/orm#27403): they are reported as
//    text (25) / text[] (1009).
//  - PostgreSQL: the pg adapter's executeScript splits a migration at every ";", which cuts function
//    bodies ($$ ... $$, migration search_fts) apart. pg's simple query protocol runs a whole script
//    as it is (as psql would), so scripts go to the server in one piece.
//  - PostgreSQL shadow database: the stock factory reuses the main database and drops the shadow while
//    its pool is open, so we create and drop our own.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";

function looksLikeScript(query: SqlQuery): boolean {
  // More than one statement: a semicolon followed by anything but whitespace.
  return query.args.length === 0 && /;\s*\S/.test(query.sql.trim().replace(/;+$/, ""));
}

function withScriptSupport(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query: SqlQuery) => {
    if (looksLikeScript(query)) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

export function sqliteMigrationAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaBetterSQLite3({ url, timeout: 10_000 });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => withScriptSupport(await factory.connect()),
    connectToShadowDb: async () => withScriptSupport(await factory.connectToShadowDb()),
  };
}

const TEXT = 25;
const TEXT_ARRAY = 1009;
const REMAPPED_TYPE_IDS: Record<number, number> = { 18: TEXT, 19: TEXT, 1002: TEXT_ARRAY, 1003: TEXT_ARRAY };

// Values are parsed by oid before we see the fields: make name[]/char[] arrive as arrays, like text[].
const setTypeParser = pg.types.setTypeParser as (oid: number, parse: (value: string) => unknown) => void;
const parseTextArray = pg.types.getTypeParser(TEXT_ARRAY as Parameters<typeof pg.types.getTypeParser>[0]);
setTypeParser(1002, parseTextArray);
setTypeParser(1003, parseTextArray);

function remapFields<T>(result: T): T {
  const results = Array.isArray(result) ? result : [result];
  for (const r of results as { fields?: { dataTypeID: number }[] }[]) {
    for (const field of r?.fields ?? []) {
      const mapped = REMAPPED_TYPE_IDS[field.dataTypeID];
      if (mapped !== undefined) field.dataTypeID = mapped;
    }
  }
  return result;
}

class RemappingClient extends pg.Client {
  // pg.Client#query has many overloads; forward them all and patch the result on the way out.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const callbackIndex = args.findIndex((a) => typeof a === "function");
    if (callbackIndex >= 0) {
      const callback = args[callbackIndex];
      args[callbackIndex] = (err: unknown, res: unknown) => callback(err, err ? res : remapFields(res));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (super.query as any)(...args);
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const out = (super.query as any)(...args);
    return out && typeof out.then === "function" ? out.then(remapFields) : out;
  }
}

function pgAdapterFactory(connectionString: string): PrismaPg {
  return new PrismaPg(new pg.Pool({ connectionString, Client: RemappingClient, max: 4, allowExitOnIdle: true }), {
    disposeExternalPool: true,
  });
}

function withWholeScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const inner = adapter as unknown as { client: pg.Pool; onError(error: unknown): never };
  adapter.executeScript = async (script: string) => {
    try {
      await inner.client.query(script);
    } catch (error) {
      inner.onError(error);
    }
  };
  return adapter;
}

function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = "/" + database;
  return url.toString();
}

export function postgresMigrationAdapter(connectionString: string): SqlMigrationAwareDriverAdapterFactory {
  const main = pgAdapterFactory(connectionString);
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => withWholeScripts(await main.connect()),
    connectToShadowDb: async () => {
      const name = `prisma_shadow_${Date.now()}_${randomBytes(4).toString("hex")}`;
      const admin = new pg.Client({ connectionString });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${name}"`);
      } finally {
        await admin.end();
      }
      const adapter = withWholeScripts(await pgAdapterFactory(withDatabase(connectionString, name)).connect());
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        const dropper = new pg.Client({ connectionString });
        await dropper.connect();
        try {
          await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await dropper.end();
        }
      };
      return adapter;
    },
  };
}
