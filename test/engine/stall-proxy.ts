/**
 * A store that accepts connections and then stalls: a loopback proxy in front of a real IMAP
 * server that forwards faithfully until its policy says stop. `stallOn` stops forwarding (both
 * ways, sockets left open) once a client sends a matching command line; `holdLaterMs` holds
 * every connection after the first that long before forwarding anything. It counts the
 * connections still open on its side, so a test can see that the harness closed them all.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface StallPolicy {
  /** Stop forwarding for good once a client command line matches. */
  stallOn?: RegExp;
  /** Hold the connections after the first this long before forwarding anything. */
  holdLaterMs?: number;
}

export interface StallProxy {
  port: number;
  /** Client connections not yet closed. */
  openConnections(): number;
  stop(): Promise<void>;
}

export async function startStallProxy(
  target: { host: string; port: number },
  policy: StallPolicy,
): Promise<StallProxy> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((client) => {
    const index = accepted++;
    sockets.add(client);
    const upstream = connect(target.port, target.host);
    let stalled = false;
    const hold = index > 0 && policy.holdLaterMs ? Date.now() + policy.holdLaterMs : 0;
    const later = (send: () => void) => {
      const wait = hold - Date.now();
      if (wait > 0) setTimeout(send, wait);
      else send();
    };
    upstream.on('data', (chunk) => !stalled && later(() => !stalled && client.write(chunk)));
    client.on('data', (chunk) => {
      if (policy.stallOn?.test(chunk.toString('latin1'))) stalled = true;
      if (!stalled) later(() => upstream.write(chunk));
    });
    const end = () => {
      sockets.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    client.on('error', end);
    upstream.on('error', () => undefined);
    upstream.on('close', () => !stalled && end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    openConnections: () => sockets.size,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
