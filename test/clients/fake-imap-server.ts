/**
 * A misbehaving IMAP server for the robustness tests: it logs anyone in, then answers the first
 * command after login in a chosen broken way (drop the connection, say nothing, send garbage).
 */
import net from 'node:net';

export type Misbehaviour = 'garbage-greeting' | 'silent-greeting' | 'drop' | 'silent' | 'garbage';

export interface FakeServer {
  host: string;
  port: number;
  stop(): Promise<void>;
}

const CAPS = 'IMAP4rev1 SASL-IR ID ENABLE IDLE NAMESPACE UIDPLUS CONDSTORE QRESYNC AUTH=PLAIN';

export async function startFakeServer(mode: Misbehaviour): Promise<FakeServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (mode === 'garbage-greeting') {
      socket.write('\x00\xff\xfe HELLO ))) not imap at all\r\n');
      return;
    }
    if (mode === 'silent-greeting') return;
    socket.write(`* OK [CAPABILITY ${CAPS}] fake ready\r\n`);
    let buffer = '';
    let authTag: string | undefined;
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        if (authTag) {
          socket.write(`${authTag} OK [CAPABILITY ${CAPS}] logged in\r\n`);
          authTag = undefined;
          continue;
        }
        const [tag = '*', verb = ''] = line.split(' ');
        const command = verb.toUpperCase();
        if (command === 'AUTHENTICATE') {
          authTag = tag;
          socket.write('+ \r\n');
        } else if (command === 'ID') {
          socket.write(`* ID NIL\r\n${tag} OK ID done\r\n`);
        } else if (command === 'NAMESPACE') {
          socket.write(`* NAMESPACE (("" "/")) NIL NIL\r\n${tag} OK done\r\n`);
        } else if (command === 'ENABLE') {
          socket.write(`* ENABLED CONDSTORE QRESYNC\r\n${tag} OK done\r\n`);
        } else if (command === 'CAPABILITY') {
          socket.write(`* CAPABILITY ${CAPS}\r\n${tag} OK done\r\n`);
        } else if (command === 'LOGOUT') {
          socket.end(`* BYE bye\r\n${tag} OK done\r\n`);
        } else if (mode === 'drop') {
          socket.destroy();
        } else if (mode === 'garbage') {
          socket.write(`* \x00\x01\x02 ((( }{ \xff\r\n${tag} WHATEVER [[[ (\r\n`);
        }
        // 'silent': never answer
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host: '127.0.0.1',
    port,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
