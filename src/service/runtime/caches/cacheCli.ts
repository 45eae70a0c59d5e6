// redis-cli where a cache runs (its container, or the "cache" container of its Pod),
// one session per cache kept open for a minute: what Run Redis Command, snapshots
// and a Pod's SAVE before a reboot or an update all go through.
import type { Resource } from '../../../protocol/model';
import { OwnLabels } from '../../model/labels';
import type { ResourceAccess } from '../resourceAccess';
import { UserError } from '../userError';
import { ENGINE_PORT } from './cacheSpec';
import { RedisCliSessions } from './redisCliSession';
import { l10n } from '../../../protocol/l10n';

/** How long SAVE may take: a large dataset takes a while to write. */
export const SAVE_TIMEOUT_MS = 600_000;

/** The port redis-cli / nc reach the engine at inside the container. */
export function enginePortInside(r: Resource): number {
  const own = Number(r.labels[OwnLabels.port]);
  if (own > 0) return own;
  if (r.endpoint && r.endpoint.via !== 'published') return r.endpoint.port;
  return ENGINE_PORT[r.engine === 'memcached' ? 'memcached' : 'redis'];
}

export class CacheCli {
  private readonly sessions = new RedisCliSessions(60_000);

  constructor(private readonly access: (r: Resource) => ResourceAccess) {}

  /** One command on the cache's session; a failure is explained in the user's terms. */
  async run(r: Resource, args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
    const access = this.access(r);
    const exec = { execPipe: (_id: string, cmd: string[]) => access.execPipe(cmd) };
    try {
      return await this.sessions.run(exec, r.id, r.containerId, enginePortInside(r), args, timeoutMs);
    } catch (err) {
      // The container may have gone or stopped: that says more than the broken pipe.
      await access.requireRunning();
      throw new UserError(l10n.t('{0} on {1}: {2}; the redis-cli session was reset', args[0], r.name, (err as Error).message));
    }
  }

  /** SAVE, so dump.rdb holds the data as of now. */
  async save(r: Resource): Promise<void> {
    const reply = await this.run(r, ['SAVE'], SAVE_TIMEOUT_MS);
    if (reply.stdout.trim() !== 'OK') throw new UserError(l10n.t('SAVE failed on {0}: {1}', r.name, (reply.stdout + reply.stderr).trim()));
  }

  /** The cache's session ends (it restarts, or goes). */
  close(resourceId: string): void {
    this.sessions.close(resourceId);
  }

  closeAll(): void {
    this.sessions.closeAll();
  }
}
