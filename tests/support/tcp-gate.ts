/**
 * A TCP forwarder in front of a server (the tests' PostgreSQL) that a test can cut, as a network failure
 * or a database restart would: `cut` ends every connection through it and refuses new ones until `mend`.
 * With `latencyMs`, every chunk is held that long in each direction, as on a slow network: a statement
 * then takes a while, so that a test can act while some are under way.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export class TcpGate {
  readonly #server: Server;
  readonly #open = new Set<Socket>();
  readonly #latencyMs: number;
  #cut = false;

  private constructor(host: string, port: number, latencyMs: number) {
    this.#latencyMs = latencyMs;
    this.#server = createServer((incoming) => this.#forward(incoming, host, port));
  }

  /** Forwards connections on a free loopback port to `host:port`. */
  static async open(host: string, port: number, options: { latencyMs?: number } = {}): Promise<TcpGate> {
    const gate = new TcpGate(host, port, options.latencyMs ?? 0);
    await new Promise<void>((resolve) => gate.#server.listen(0, '127.0.0.1', resolve));
    return gate;
  }

  /** The loopback port it listens on. */
  get port(): number {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('the gate does not listen');
    return address.port;
  }

  /** `url` (a `postgres://` URL) with its host and port replaced by this gate's. */
  through(url: string): string {
    const gated = new URL(url);
    gated.hostname = '127.0.0.1';
    gated.port = String(this.port);
    return gated.toString();
  }

  /** How many connections pass through now. */
  get connections(): number {
    return this.#open.size / 2;
  }

  /** Ends every connection at once (a reset, not a goodbye) and refuses new ones until `mend`. */
  cut(): void {
    this.#cut = true;
    for (const socket of this.#open) socket.resetAndDestroy();
  }

  mend(): void {
    this.#cut = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #forward(incoming: Socket, host: string, port: number): void {
    if (this.#cut) {
      incoming.resetAndDestroy();
      return;
    }
    const outgoing = connect(port, host);
    for (const [from, to] of [
      [incoming, outgoing],
      [outgoing, incoming],
    ] as const) {
      this.#open.add(from);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.#open.delete(from);
        to.destroy();
      });
      if (this.#latencyMs === 0) from.pipe(to);
      // Chunks held for the same time leave in the order they came.
      else from.on('data', (chunk) => setTimeout(() => to.write(chunk), this.#latencyMs));
    }
  }
}
