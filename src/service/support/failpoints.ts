// Named pauses at the points of an operation where a fault matters most (a container
// made but not yet started…), so the fault-injection suite can kill the engine or the
// service there every time rather than by luck. Off unless the service was started
// with FAKECLOUD_EXPLORER_FAILPOINTS="name=ms,name=ms"; then each named point waits.
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

export type FailpointName = 'cache-create:created' | 'instance-launch:created' | 'function-deploy:created' | 'snapshot:copying';

export async function failpoint(name: FailpointName): Promise<void> {
  const ms = configured.get(name);
  if (ms) await new Promise((r) => setTimeout(r, ms));
}
