// Opens the durable state directory before anything reads it: private to the user
// (or refused), locked by this service (two services never share one state), older
// services stopped and older state moved in from the runtime directory.
import * as path from 'node:path';
import type { ServiceLocation } from '../../protocol/serviceLocation';
import { ensurePrivateDir } from '../../platform/privateFiles';
import { acquireLock, releaseLock } from '../runtimeDir';
import { stopLegacyService } from '../legacyService';
import type { ServiceLog } from '../support/log';
import { migrateState } from './stateMigration';
import { counted } from '../../protocol/text';

export interface OpenedState {
  /** Releases the state lock (the service is stopping). */
  release(): void;
}

export async function openStateDirectory(location: ServiceLocation, log: ServiceLog): Promise<OpenedState> {
  ensurePrivateDir(location.stateDir);
  const lockPath = path.join(location.stateDir, 'service.lock');
  const lock = acquireLock(lockPath);
  if (!lock.ok) {
    throw new Error(
      `another Fakecloud service (pid ${lock.pid}) already uses the state in ${location.stateDir} ` +
        `(started from a session with another runtime directory than ${location.dir}); stop it (kill ${lock.pid}) or use the window it serves`,
    );
  }
  for (const dir of location.legacyRuntimeDirs) {
    // An older service that will not stop keeps its state: this one must not start beside it.
    const stopped = await stopLegacyService(dir, 'a newer service keeps its state in a durable place');
    if (stopped) log.info(stopped);
  }
  for (const from of location.legacyStateDirs) {
    try {
      const out = migrateState(from, location.stateDir);
      if (out.result === 'moved')
        log.info(
          `state: moved ${counted(out.files, 'file')} (${out.bytes} bytes) from ${out.from} to ${location.stateDir}, where a logout or reboot cannot remove it`,
        );
      else if (out.result === 'finished') log.info(`state: finished moving ${out.from} to ${location.stateDir} (removed the old folder)`);
      else if (out.result === 'kept-both') log.warn(`state: ${out.reason}`);
    } catch (err) {
      log.error(`state: could not move ${from} to ${location.stateDir}: ${(err as Error).message}`);
    }
  }
  return { release: () => releaseLock(lockPath) };
}
