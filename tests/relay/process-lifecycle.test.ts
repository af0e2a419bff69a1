import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnRelay, type RelayProcess } from '../support/relay-process.ts';

let running: RelayProcess | undefined;
const tempDirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lotse-proc-'));
  tempDirs.push(dir);
  return dir;
}

afterEach(async () => {
  if (running && running.child.exitCode === null && running.child.signalCode === null) {
    running.child.kill('SIGKILL');
    await running.exited;
  }
  running = undefined;
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the relay process', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`logs where it listens and stops cleanly on ${signal}, also with a connection open`, async () => {
      const dataDir = await tempDir();
      running = spawnRelay({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' });
      const ready = await running.waitForLog((line) => typeof line.url === 'string');
      const url = ready.url as string;
      expect(ready.level).toBe('info');
      expect(ready.dataDir).toBe(dataDir);

      // A keep-alive connection that stays open must not hold the shutdown up.
      const agent = new http.Agent({ keepAlive: true });
      const status = await new Promise<number>((resolve, reject) =>
        http
          .get(new URL('/healthz', url), { agent }, (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          })
          .on('error', reject),
      );
      expect(status).toBe(200);

      running.child.kill(signal);
      const { code } = await running.exited;
      agent.destroy();
      expect(code).toBe(0);
      const messages = running.logs.map((line) => line.msg);
      expect(messages).toContain('shutting down');
      expect(messages.at(-1), JSON.stringify(running.logs)).toBe('relay stopped');
    });
  }

  it('refuses to start with an invalid variable and names it', async () => {
    running = spawnRelay({ PORT: 'achtzig', LOG_LEVEL: 'loud' });
    const { code } = await running.exited;
    expect(code).toBe(1);
    expect(running.stderr()).toContain('PORT="achtzig"');
    expect(running.stderr()).toContain('LOG_LEVEL="loud"');
    expect(running.stderr()).toContain('sync-server/.env.example');
  });

  it('refuses to start when DATA_DIR cannot be used', async () => {
    const dir = await tempDir();
    const notADirectory = path.join(dir, 'file');
    await writeFile(notADirectory, 'x');
    running = spawnRelay({ PORT: '0', DATA_DIR: notADirectory, LOG_LEVEL: 'info' });
    const { code } = await running.exited;
    expect(code).toBe(1);
    const fatal = running.logs.find((line) => line.level === 'fatal');
    expect(JSON.stringify(fatal)).toContain('DATA_DIR');
  });

  it('refuses to start when its port is taken, saying so', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      running = spawnRelay({ PORT: String(port), DATA_DIR: await tempDir(), LOG_LEVEL: 'info' });
      const { code } = await running.exited;
      expect(code).toBe(1);
      expect(JSON.stringify(running.logs.find((line) => line.level === 'fatal'))).toContain('EADDRINUSE');
    } finally {
      blocker.close();
    }
  });
});
