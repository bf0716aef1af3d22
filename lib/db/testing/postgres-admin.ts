// Creating and dropping PostgreSQL databases for tests (identifiers are generated, never user input).
import pg from "pg";

export function withDatabaseName(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = "/" + database;
  return url.toString();
}

async function withAdmin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const safeName = (name: string) => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  return `"${name}"`;
};

export function createDatabaseFromTemplate(serverUrl: string, name: string, template: string): Promise<void> {
  return withAdmin(serverUrl, async (c) => {
    await c.query(`CREATE DATABASE ${safeName(name)} TEMPLATE ${safeName(template)}`);
    // Throwaway test database: do not wait for the WAL flush on every commit (durability is not under test).
    await c.query(`ALTER DATABASE ${safeName(name)} SET synchronous_commit = off`);
  });
}

export function dropDatabase(serverUrl: string, name: string): Promise<void> {
  return withAdmin(serverUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${safeName(name)} WITH (FORCE)`);
  });
}

export function dropDatabasesWithPrefix(serverUrl: string, prefix: string): Promise<void> {
  return withAdmin(serverUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix]);
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${safeName(datname)} WITH (FORCE)`);
  });
}
