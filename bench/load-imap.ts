/**
 * Loads many messages into an IMAP store quickly and fairly for both servers: one
 * connection, LOGIN, then every APPEND pipelined with LITERAL+ (no round trip per message).
 */
import { connect } from 'node:net';

export async function appendPipelined(
  host: string,
  port: number,
  user: string,
  password: string,
  folder: string,
  messages: Buffer[],
): Promise<void> {
  const socket = connect({ host, port });
  socket.setNoDelay(true);
  let buffered = '';
  let waiting: { tag: string; resolve: () => void; reject: (e: Error) => void } | undefined;
  const done = new Set<string>();
  socket.on('data', (chunk) => {
    buffered += chunk.toString('latin1');
    let newline: number;
    while ((newline = buffered.indexOf('\r\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 2);
      const tag = line.split(' ', 1)[0]!;
      if (tag === '*' || tag === '+') continue;
      if (!/ OK /.test(line) && !line.includes(' OK')) {
        waiting?.reject(new Error(`load: ${line}`));
        continue;
      }
      done.add(tag);
      if (waiting && done.has(waiting.tag)) waiting.resolve();
    }
  });
  const until = (tag: string) =>
    new Promise<void>((resolve, reject) => {
      if (done.has(tag)) return resolve();
      waiting = { tag, resolve, reject };
    });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(`L LOGIN ${user} ${password}\r\n`);
  await until('L');
  socket.write(`C CREATE "${folder}"\r\n`);
  await until('C');
  const chunks: Buffer[] = [];
  messages.forEach((raw, i) => {
    chunks.push(
      Buffer.from(`A${i} APPEND "${folder}" (\\Seen) {${raw.length}+}\r\n`),
      raw,
      Buffer.from('\r\n'),
    );
    if (chunks.length > 3000) socket.write(Buffer.concat(chunks.splice(0)));
  });
  socket.write(Buffer.concat(chunks));
  await until(`A${messages.length - 1}`);
  socket.write('Z LOGOUT\r\n');
  socket.end();
}
