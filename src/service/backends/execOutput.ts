// A short command run in a container for what it prints: stdout, whatever its exit code, within a deadline.
import type { PipeSession } from './backend';

export async function execOutput(start: () => Promise<PipeSession>, what: string, timeoutMs = 5_000): Promise<string> {
  const session = await start();
  const chunks: Buffer[] = [];
  session.stdout.on('data', (c: Buffer) => chunks.push(c));
  session.stderr.resume();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      session.close();
      reject(new Error(`${what}: no answer within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
  });
  try {
    await Promise.race([session.exited, late]);
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
