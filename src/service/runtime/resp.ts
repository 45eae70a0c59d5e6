// Readiness answers: a Redis reply to PING and a memcached reply to "version". Pure.
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
