// Every command, one per file. Registered by extension.ts.
import { createCache } from './caches/createCache';
import { deleteCache } from './caches/deleteCache';
import { openCacheCli } from './caches/openCacheCli';
import { rebootCache } from './caches/rebootCache';
import { removeOrphan } from './caches/removeOrphan';
import { restoreSnapshot } from './caches/restoreSnapshot';
import { runRedisCommand } from './caches/runRedisCommand';
import { snapshotCache } from './caches/snapshotCache';
import type { FakecloudCommand } from './command';
import { configureDockerHost } from './connection/configureDockerHost';
import { retryConnection } from './connection/retryConnection';
import { copyContainerId } from './resources/copyContainerId';
import { copyEndpoint } from './resources/copyEndpoint';
import { followLogs } from './resources/followLogs';
import { stopFollowingLogs } from './resources/stopFollowingLogs';
import { updateImage } from './resources/updateImage';
import { reconcileMenu } from './reconcile/reconcileMenu';
import { reconcileNow } from './reconcile/reconcileNow';
import { refresh } from './view/refresh';
import { showOutput } from './view/showOutput';

export const ALL_COMMANDS: FakecloudCommand[] = [
  refresh,
  showOutput,
  retryConnection,
  configureDockerHost,
  createCache,
  runRedisCommand,
  openCacheCli,
  rebootCache,
  snapshotCache,
  restoreSnapshot,
  deleteCache,
  removeOrphan,
  followLogs,
  stopFollowingLogs,
  updateImage,
  reconcileNow,
  reconcileMenu,
  copyEndpoint,
  copyContainerId,
];
