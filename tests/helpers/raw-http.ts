import net from 'node:net';

/**
 * One raw HTTP/1.1 exchange on a fresh connection to 127.0.0.1, for what fetch will not send
 * (repeated headers, pipelined requests, unread bodies): writes `chunks` in order and resolves
 * with everything the server sent (latin1) once the connection closes. The request must ask
 * for `Connection: close`; a connection still open after `timeoutMs` is destroyed.
 */
export function rawExchange(port: number, chunks: readonly string[], timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
    socket.setTimeout(timeoutMs, () => socket.destroy());
    for (const chunk of chunks) socket.write(chunk);
  });
}
