/**
 * `npm run dev`: the relay (restarted on change by tsx watch) on RELAY_PORT, and Vite's dev server with hot
 * reload on http://localhost:5173, which forwards API and sync requests to the relay.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'vite';

const relayPort = process.env.RELAY_PORT ?? '8080';
process.env.RELAY_URL = `http://127.0.0.1:${relayPort}`;

const relay = spawn(process.execPath, ['--import', 'tsx', '--watch', 'sync-server/src/main.ts'], {
  stdio: 'inherit',
  env: { ...process.env, PORT: relayPort, HOST: '127.0.0.1' },
});

const vite = await createServer({ configFile: 'vite.config.ts' });
await vite.listen();
vite.printUrls();

const stop = async (): Promise<void> => {
  relay.kill('SIGTERM');
  await vite.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
relay.on('exit', (code, signal) => {
  if (signal === null && code !== 0) console.error(`The relay exited with code ${code}.`);
});
