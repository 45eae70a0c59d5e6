// Whether a Redis command line only reads: what an agent may run without asking. An allow-list by command name (and
// subcommand where one command both reads and writes), never a guess from the name. Pure.
import { tokenizeRedisLine } from './redisTokenize';

const READS = new Set([
  'GET',
  'MGET',
  'GETRANGE',
  'STRLEN',
  'EXISTS',
  'TYPE',
  'TTL',
  'PTTL',
  'EXPIRETIME',
  'PEXPIRETIME',
  'DBSIZE',
  'SCAN',
  'HGET',
  'HMGET',
  'HGETALL',
  'HKEYS',
  'HVALS',
  'HLEN',
  'HEXISTS',
  'HSTRLEN',
  'HSCAN',
  'HRANDFIELD',
  'LRANGE',
  'LINDEX',
  'LLEN',
  'LPOS',
  'SMEMBERS',
  'SISMEMBER',
  'SMISMEMBER',
  'SCARD',
  'SSCAN',
  'SRANDMEMBER',
  'SINTER',
  'SUNION',
  'SDIFF',
  'SINTERCARD',
  'ZRANGE',
  'ZRANGEBYSCORE',
  'ZREVRANGE',
  'ZREVRANGEBYSCORE',
  'ZRANGEBYLEX',
  'ZSCORE',
  'ZMSCORE',
  'ZCARD',
  'ZCOUNT',
  'ZRANK',
  'ZREVRANK',
  'ZSCAN',
  'ZLEXCOUNT',
  'ZRANDMEMBER',
  'XRANGE',
  'XREVRANGE',
  'XLEN',
  'XINFO',
  'XPENDING',
  'PFCOUNT',
  'GETBIT',
  'BITCOUNT',
  'BITPOS',
  'GEOPOS',
  'GEODIST',
  'GEOHASH',
  'GEOSEARCH',
  'INFO',
  'PING',
  'ECHO',
  'TIME',
  'LASTSAVE',
  'ROLE',
  'LOLWUT',
  'RANDOMKEY',
  'DUMP',
  'TOUCH',
]);

/** Commands whose subcommands decide. */
const READ_SUBCOMMANDS: Record<string, Set<string>> = {
  MEMORY: new Set(['USAGE', 'STATS', 'DOCTOR']),
  OBJECT: new Set(['ENCODING', 'FREQ', 'IDLETIME', 'REFCOUNT']),
  CONFIG: new Set(['GET']),
  CLIENT: new Set(['LIST', 'INFO', 'GETNAME', 'ID']),
  SLOWLOG: new Set(['GET', 'LEN']),
  COMMAND: new Set(['COUNT', 'INFO', 'DOCS', 'LIST']),
};

/** Undefined when the line only reads; otherwise why it may not run without asking. */
export function readOnlyProblem(line: string): string | undefined {
  let words: string[];
  try {
    words = tokenizeRedisLine(line);
  } catch (err) {
    return (err as Error).message;
  }
  if (words.length === 0) return 'an empty command';
  const cmd = words[0].toUpperCase();
  if (READS.has(cmd)) return undefined;
  const subs = READ_SUBCOMMANDS[cmd];
  if (subs && words[1] && subs.has(words[1].toUpperCase())) return undefined;
  return `${subs ? `${cmd} ${words[1]?.toUpperCase() ?? ''}`.trim() : cmd} is not a read-only command`;
}
