// An inspect document with what looks like a secret masked: environment variables whose names say password, secret,
// token, key or credential, in a container's Config.Env ("NAME=value") and a Pod's containers' env ({ name, value }).
// A value from a Secret (valueFrom) is only a reference and stays. Pure.

const SECRET_NAME = /pass(word|wd)?|secret|token|api_?key|access_?key|private_?key|credential|auth/i;
export const MASK = '•••••• (masked: Inspect (Show Secrets) shows it)';

export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name.replace(/[-.]/g, '_'));
}

interface PodLike {
  spec?: { containers?: { env?: { name: string; value?: string }[] }[]; initContainers?: { env?: { name: string; value?: string }[] }[] };
}

/** A copy of the object with secret-looking values masked, and how many were. */
export function maskInspect(obj: unknown): { object: unknown; masked: number } {
  const copy = JSON.parse(JSON.stringify(obj ?? null)) as { Config?: { Env?: string[] } } & PodLike;
  let masked = 0;
  const config = copy?.Config;
  const env = config?.Env;
  if (config && Array.isArray(env))
    config.Env = env.map((e) => {
      const at = e.indexOf('=');
      if (at <= 0 || !looksSecret(e.slice(0, at)) || at === e.length - 1) return e;
      masked++;
      return `${e.slice(0, at)}=${MASK}`;
    });
  for (const c of [...(copy?.spec?.containers ?? []), ...(copy?.spec?.initContainers ?? [])])
    for (const v of c.env ?? [])
      if (v.value && looksSecret(v.name)) {
        v.value = MASK;
        masked++;
      }
  return { object: copy, masked };
}
