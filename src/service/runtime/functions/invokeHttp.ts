// The runtime interface emulator's invoke API: one POST, with a deadline.
import * as http from 'node:http';
import { INVOKE_PATH } from './functionSpec';

export function postInvocation(
  agent: http.Agent,
  host: string,
  port: number,
  body: string,
  timeoutMs: number,
): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host,
        port,
        path: INVOKE_PATH,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? '',
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no response within ${Math.round(timeoutMs / 1000)} s`)));
    req.on('error', reject);
    req.end(body);
  });
}
