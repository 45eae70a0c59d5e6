// The figures a Redis dashboard draws, from `INFO` and `SLOWLOG GET`. Pure.
import type { SlowlogEntry } from '../../protocol/dashboard';
import { parseKeyspace, replyText, type RespValue } from '../runtime/caches/respCodec';

/** `INFO`'s `field:value` lines, sections merged. */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const at = line.indexOf(':');
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1).trim();
  }
  return out;
}

export interface RedisFigures {
  /** Counters since the server started. */
  commands: number;
  hits: number;
  misses: number;
  evicted: number;
  expired: number;
  usedMemory: number;
  /** 0 when no maxmemory is set. */
  maxMemory: number;
  clients: number;
  /** Keys per database that has any. */
  keys: { db: number; keys: number }[];
  uptimeSeconds: number;
}

export function redisFigures(info: string): RedisFigures {
  const f = parseInfo(info);
  const n = (k: string) => {
    const v = Number(f[k]);
    return Number.isFinite(v) ? v : 0;
  };
  return {
    commands: n('total_commands_processed'),
    hits: n('keyspace_hits'),
    misses: n('keyspace_misses'),
    evicted: n('evicted_keys'),
    expired: n('expired_keys'),
    usedMemory: n('used_memory'),
    maxMemory: n('maxmemory'),
    clients: n('connected_clients'),
    keys: parseKeyspace(info).map((d) => ({ db: d.db, keys: d.keys })),
    uptimeSeconds: n('uptime_in_seconds'),
  };
}

/** `SLOWLOG GET`'s reply: id, unix seconds, microseconds, the command's words, the client's address (4.0+). */
export function parseSlowlog(reply: RespValue): SlowlogEntry[] {
  if (!Array.isArray(reply)) return [];
  const out: SlowlogEntry[] = [];
  for (const e of reply) {
    if (!Array.isArray(e) || e.length < 4) continue;
    const [id, at, micros, args, client] = e;
    const words = Array.isArray(args) ? args.map((a) => replyText(a) ?? (typeof a === 'number' ? String(a) : '?')) : [];
    out.push({
      id: Number(id),
      at: Number(at) * 1000,
      micros: Number(micros),
      command: words.join(' ').slice(0, 200),
      client: client !== undefined ? (replyText(client) ?? '') : '',
    });
  }
  return out;
}
