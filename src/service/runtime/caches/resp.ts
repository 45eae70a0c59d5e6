// Replies as they come back: readiness answers (a Redis reply to PING, a memcached
// reply to "version") and redis-cli's formatted answers. Pure.
export type Readiness = 'ready' | 'loading' | 'not-ready';

export function redisPingReadiness(reply: string): Readiness {
  if (reply.startsWith('+PONG')) return 'ready';
  // "-LOADING Redis is loading the dataset in memory": up, but not yet serving.
  if (reply.startsWith('-LOADING')) return 'loading';
  return 'not-ready';
}

export function memcachedVersionReadiness(reply: string): Readiness {
  return reply.startsWith('VERSION') ? 'ready' : 'not-ready';
}

/** "(integer) 42" → 42 */
export function integerReply(text: string): number {
  return Number(text.trim().replace(/^\(integer\) /, ''));
}

/** The value of `CONFIG GET x` as redis-cli prints it: 1) "x" / 2) "value". */
export function configReply(text: string): string | undefined {
  const m = /^2\) "(.*)"$/m.exec(text.trim());
  return m ? m[1].replace(/\\(.)/g, '$1') : undefined;
}
