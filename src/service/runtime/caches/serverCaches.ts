// A fakecloud server's cache, acted on through the server's API (RebootCacheCluster, DeleteCacheCluster), so the
// server's own state stays true. What only its container can do — copy a snapshot out — still reaches the container.
import type { CacheCreateResult } from '../../../protocol/caches';
import type { BackendKind, Resource } from '../../../protocol/model';
import type { ServerActions } from '../../fakecloud/serverActions';
import type { OperationContext } from '../images';
import { UserError } from '../userError';
import type { CacheDeleteResult, CacheRunner } from './cacheRunner';
import { waitForServerState } from '../serverWait';
import { l10n } from '../../../protocol/l10n';

export class ServerCaches implements CacheRunner {
  constructor(
    private readonly actions: ServerActions,
    private readonly containers: Record<BackendKind, CacheRunner>,
  ) {}

  create(): Promise<CacheCreateResult> {
    return Promise.reject(
      new UserError(l10n.t('a cache on a fakecloud server is made through its API (Create Cache → on the fakecloud server)')),
    );
  }

  recreate(): Promise<void> {
    return Promise.reject(new UserError(l10n.t("a fakecloud server's cache is the server's to make again")));
  }

  async reboot(r: Resource, op: OperationContext): Promise<{ waitedMs: number }> {
    const tie = serverTie(r);
    const t0 = Date.now();
    op.progress(l10n.t('RebootCacheCluster {0}', tie.awsId));
    await this.actions.act(tie.id, 'reboot');
    // The server says "rebooting cache cluster nodes" until its container answers again.
    await waitForServerState(
      () => this.actions.read(tie.id),
      () => this.actions.relist(tie.server),
      (status) => status === 'available',
      op,
      'available',
    );
    return { waitedMs: Date.now() - t0 };
  }

  copyOut(r: Resource, file: string, dest: string): Promise<number> {
    return this.containers[r.backend].copyOut(r, file, dest);
  }

  async delete(r: Resource): Promise<CacheDeleteResult> {
    await this.actions.act(serverTie(r).id, 'delete');
    // The server removes its container and its data; nothing of it was ours to keep.
    return { keptVolumes: [] };
  }

  removeOrphan(): Promise<{ removedVolume?: string }> {
    return Promise.reject(new UserError(l10n.t("a fakecloud server's cache is not an orphan")));
  }
}

export function serverTie(r: Resource): NonNullable<Resource['aws']> {
  if (!r.aws) throw new UserError(l10n.t("{0} is not tied to a fakecloud server's resource", r.displayName ?? r.name));
  return r.aws;
}
