// PING to a Redis endpoint on loopback (a port-forward, a published port): the
// first reply line; a refused connection or no answer in time rejects.
import * as net from 'node:net';

export function redisPing(port: number, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.createConnection({ host: '127.0.0.1', port });
    let out = '';
    s.setTimeout(timeoutMs, () => s.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    s.on('connect', () => s.write('PING\r\n'));
    s.on('data', (d) => {
      out += d.toString();
      if (out.includes('\r\n')) {
        s.destroy();
        resolve(out.trim());
      }
    });
    s.on('error', reject);
    s.on('close', () => resolve(out.trim()));
  });
}
