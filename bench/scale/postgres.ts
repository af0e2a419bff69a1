/**
 * The scale benchmark's PostgreSQL: the one the relay tests use (tests/support/postgres-server.ts finds it or
 * starts a throwaway server), with an empty schema of its own per relay setup, dropped again at the end.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { findTestDatabase, type TestDatabase } from '../../tests/support/postgres-server.ts';

export class BenchDatabase {
  readonly #database: TestDatabase;
  readonly #schemas: string[] = [];

  private constructor(database: TestDatabase) {
    this.#database = database;
  }

  static async find(): Promise<BenchDatabase> {
    return new BenchDatabase(await findTestDatabase());
  }

  /** A URL whose connections see a new, empty schema (the relay migrates it on start). */
  async freshSchemaUrl(): Promise<string> {
    const schema = `bench_scale_${randomBytes(6).toString('hex')}`;
    await this.#query(`CREATE SCHEMA ${schema}`);
    this.#schemas.push(schema);
    const url = this.#database.url;
    const options = `options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    return `${url}${url.includes('?') ? '&' : '?'}${options}`;
  }

  /** The server's version, for the result file. */
  async version(): Promise<string> {
    const rows = await this.#query('SHOW server_version');
    return String((rows[0] as { server_version?: string } | undefined)?.server_version ?? 'unknown');
  }

  /** Drops the schemas made here and stops a throwaway server. */
  async release(): Promise<void> {
    if (this.#schemas.length > 0)
      await this.#query(`DROP SCHEMA ${this.#schemas.splice(0).join(', ')} CASCADE`);
    await this.#database.stop();
  }

  async #query(text: string): Promise<unknown[]> {
    const client = new pg.Client({ connectionString: this.#database.url });
    await client.connect();
    try {
      return (await client.query(text)).rows;
    } finally {
      await client.end();
    }
  }
}
