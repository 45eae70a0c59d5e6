// Adopt Orphan: a container labelled as ours that the desired state does not list
// (its state was lost, or it came from another machine's state) becomes ours again
// in one step. Its entry is rebuilt from its labels and inspect; a function's code is
// copied out of its container into the state directory, so the reconciler can make it
// again; from then on the reconciler repairs it like any other.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Resource } from '../../protocol/model';
import type { ContainerDetails } from '../backends/backend';
import { codeArchivePath } from './functions/codeArchive';
import type { AdoptResult } from '../../protocol/rpc';
import { ownedKey, resourceKey } from '../support/lockKeys';
import { cacheSpecFromContainer, functionSpecFromContainer, instanceSpecFromContainer, NotAdoptable } from './adoptSpecs';
import type { RuntimeDeps } from './runtimeDeps';
import { UserError } from './userError';
import { l10n } from '../../protocol/l10n';

export interface AdoptionDeps extends RuntimeDeps {
  /** Where a function's stored code lives (the state directory's functions/). */
  codeDir: string;
}

export class Adoption {
  constructor(private readonly deps: AdoptionDeps) {}

  async adopt(resourceId: string): Promise<AdoptResult> {
    const r = this.deps.model.get(resourceId);
    if (!r) throw new UserError(l10n.t('that resource is gone (it is no longer in the model)'));
    const label = r.displayName ? `${r.displayName} (${r.name})` : r.name;
    if (!r.orphan || r.owner.type !== 'extension')
      throw new UserError(
        l10n.t('{0} is not an orphan: only a container of ours that the desired state does not list can be adopted', label),
      );
    if (r.backend !== 'docker')
      throw new UserError(l10n.t('{0} runs as a Pod: Adopt Orphan takes back Docker containers; Remove Orphan removes the Pod', label));
    if (r.kind !== 'cache' && r.kind !== 'instance' && r.kind !== 'function')
      throw new UserError(l10n.t('{0} is a {1}, which is not kept as a resource of ours', label, r.kind));
    this.deps.store.assertWritable(`adopt ${label}`);
    return this.deps.locks.run(ownedKey(r.kind, r.name), 'adopt', () =>
      this.deps.locks.run(resourceKey(r.id), 'adopt', () => this.adoptLocked(r, label)),
    );
  }

  private async adoptLocked(r: Resource, label: string): Promise<AdoptResult> {
    const backend = this.deps.backend();
    const d = await backend.inspectContainer(r.containerId);
    if (!d) throw new UserError(l10n.t('{0} is gone: its container no longer exists', label));
    const notes: string[] = [];
    try {
      if (r.kind === 'cache') {
        if (this.deps.store.cache(r.name)) throw new UserError(l10n.t('a cache named "{0}" is in the desired state already', r.name));
        const spec = cacheSpecFromContainer(d);
        this.deps.store.putCache(spec);
        notes.push(
          spec.volume
            ? `its data volume ${spec.volume} stays attached`
            : spec.engine === 'redis'
              ? 'it has no data volume of its own: a repair would start it empty'
              : 'memcached keeps no data',
        );
      } else if (r.kind === 'instance') {
        if (this.deps.store.instance(r.name)) throw new UserError(l10n.t('the instance {0} is in the desired state already', r.name));
        const spec = instanceSpecFromContainer(d);
        this.deps.store.putInstance(spec);
        notes.push(spec.desired === 'stopped' ? 'it is stopped, and stays so until you start it' : 'kept running from now on');
        if (spec.userData) notes.push('its user data has run already and does not run again');
      } else {
        const existing = this.deps.store.function(r.name);
        if (existing)
          throw new UserError(
            l10n.t(
              'the function {0} is in the desired state already (deploy {1}); this container is of an earlier deploy: Remove Orphan removes it',
              r.name,
              existing.deployId,
            ),
          );
        await this.adoptFunction(r, d, notes);
      }
    } catch (err) {
      if (err instanceof NotAdoptable) throw new UserError(l10n.t('cannot adopt {0}: {1}', label, err.message));
      throw err;
    }
    this.deps.log.info(`${r.kind} ${label}: adopted from its container ${r.containerName} (${notes.join('; ')})`);
    await this.deps.refresh().catch(() => undefined);
    return { kind: r.kind, name: r.name, notes };
  }

  /** The code comes out of the container (its /var/task) into the state directory, written whole before it is named. */
  private async adoptFunction(r: Resource, d: ContainerDetails, notes: string[]): Promise<void> {
    const backend = this.deps.backend();
    const imageEnv = (await backend.imageEnv(d.image)) ?? [];
    // Stored where a deploy stores its code: functions/<name>/<deploy id>.tar.
    const spec = functionSpecFromContainer(d, imageEnv, '');
    const archive = codeArchivePath(this.deps.codeDir, spec.name, spec.deployId);
    spec.codeArchive = archive;
    await fs.promises.mkdir(path.dirname(archive), { recursive: true, mode: 0o700 });
    const tmp = `${archive}.tmp-${process.pid}`;
    try {
      const sink = fs.createWriteStream(tmp, { mode: 0o600 });
      const bytes = await backend.getArchive(r.containerId, '/var/task', sink);
      const fh = await fs.promises.open(tmp, 'r');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fs.promises.rename(tmp, archive);
      notes.push(`its code (${(bytes / 1024).toFixed(0)} KB) was copied out of the container and stored`);
    } catch (err) {
      await fs.promises.rm(tmp, { force: true });
      throw new UserError(l10n.t('cannot adopt {0}: copying its code out of the container failed: {1}', r.name, (err as Error).message));
    }
    this.deps.store.putFunction(spec);
    notes.push('the folder it was deployed from is not known: Redeploy asks for it');
  }
}
