// Named pauses at the points of an operation where a fault matters most (a container
// made but not yet started…), so the fault-injection suite can kill the engine or the
// service there every time rather than by luck. Off unless the service was started
// with FAKECLOUD_EXPLORER_FAILPOINTS="name=ms,name=ms"; then each named point waits.
import { Transform, type Readable } from 'node:stream';

const configured = parse(process.env.FAKECLOUD_EXPLORER_FAILPOINTS ?? '');

function parse(spec: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of spec.split(',')) {
    const [name, ms] = part.split('=');
    const n = Number(ms);
    if (name && Number.isFinite(n) && n > 0) out.set(name.trim(), Math.min(n, 120_000));
  }
  return out;
}

export type FailpointName =
  'cache-create:created' | 'instance-launch:created' | 'function-deploy:created' | 'snapshot:copying' | 'upload:copying';

export async function failpoint(name: FailpointName): Promise<void> {
  const ms = configured.get(name);
  if (ms) await new Promise((r) => setTimeout(r, ms));
}

/** A stream that, when the named point is set, pauses there once half of its `size` bytes have gone through. */
export function failpointHalfway(name: FailpointName, source: Readable, size: number): Readable {
  if (!configured.has(name)) return source;
  let passed = 0;
  let held = false;
  const out = new Transform({
    transform(chunk: Buffer, _enc, done) {
      passed += chunk.length;
      if (held || passed < size / 2) return done(null, chunk);
      held = true;
      this.push(chunk);
      void failpoint(name).then(() => done());
    },
  });
  source.on('error', (err) => out.destroy(err));
  return source.pipe(out);
}
