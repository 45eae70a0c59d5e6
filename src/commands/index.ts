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
import { deleteFunction } from './functions/deleteFunction';
import { deployFunction } from './functions/deployFunction';
import { invokeFunction } from './functions/invokeFunction';
import { redeployFunction } from './functions/redeployFunction';
import { startFunction } from './functions/startFunction';
import { stopFunction } from './functions/stopFunction';
import { launchInstance } from './instances/launchInstance';
import { selectKubernetesContext } from './kubernetes/selectKubernetesContext';
import { portForward } from './kubernetes/portForward';
import { stopPortForward } from './kubernetes/stopPortForward';
import { openShell } from './instances/openShell';
import { rebootInstance } from './instances/rebootInstance';
import { showConsoleOutput } from './instances/showConsoleOutput';
import { startInstance } from './instances/startInstance';
import { stopInstance } from './instances/stopInstance';
import { terminateInstance } from './instances/terminateInstance';
import { configureDockerHost } from './connection/configureDockerHost';
import { retryConnection } from './connection/retryConnection';
import { adoptOrphan } from './resources/adoptOrphan';
import { copyContainerId } from './resources/copyContainerId';
import { copyEndpoint } from './resources/copyEndpoint';
import { copyArn } from './resources/copyArn';
import { copyConnectionString } from './resources/copyConnectionString';
import { configureAwsProfile } from './servers/configureAwsProfile';
import { copyEnvironment } from './servers/copyEnvironment';
import { evictWarmContainer } from './servers/evictWarmContainer';
import { copyKeyName } from './keys/copyKeyName';
import { filterKeys } from './keys/filterKeys';
import { loadMoreKeys } from './keys/loadMoreKeys';
import { openKey } from './keys/openKey';
import { refreshKeys } from './keys/refreshKeys';
import { newKey } from './keys/newKey';
import { renameKey } from './keys/renameKey';
import { setKeyTtl } from './keys/setKeyTtl';
import { persistKey } from './keys/persistKey';
import { deleteKey } from './keys/deleteKey';
import { deleteMatchingKeys } from './keys/deleteMatchingKeys';
import { copyKeyValue } from './keys/copyKeyValue';
import { showKeySize } from './keys/showKeySize';
import { showMemcachedStats } from './memcached/showMemcachedStats';
import { getMemcachedKey } from './memcached/getMemcachedKey';
import { setMemcachedKey } from './memcached/setMemcachedKey';
import { deleteMemcachedKey } from './memcached/deleteMemcachedKey';
import { loadMoreMemcachedItems } from './memcached/loadMoreMemcachedItems';
import { resetService } from './servers/resetService';
import { showInvocations } from './servers/showInvocations';
import { followLogs } from './resources/followLogs';
import { showDashboard } from './dashboard/showDashboard';
import { showOverview } from './dashboard/showOverview';
import { stopFollowingLogs } from './resources/stopFollowingLogs';
import { updateImage } from './resources/updateImage';
import { reconcileMenu } from './reconcile/reconcileMenu';
import { reconcileNow } from './reconcile/reconcileNow';
import { checkServers } from './view/checkServers';
import { deleteSelected } from './view/deleteSelected';
import { openResource } from './view/openResource';
import { refresh } from './view/refresh';
import { showOutput } from './view/showOutput';
import { reportIssue } from './view/reportIssue';
import { inspectResource } from './resources/inspectResource';
import { openFile } from './files/openFile';
import { openFilesInExplorer } from './files/openFilesInExplorer';
import { downloadFile } from './files/downloadFile';
import { uploadFiles } from './files/uploadFiles';
import { uploadFolder } from './files/uploadFolder';
import { deleteFile } from './files/deleteFile';
import { refreshFiles } from './files/refreshFiles';
import { inspectWithSecrets } from './resources/inspectWithSecrets';
import { copyInspect } from './resources/copyInspect';
import { applyStack } from './stacks/applyStack';
import { downStack } from './stacks/downStack';
import { exportStack } from './stacks/exportStack';

export const ALL_COMMANDS: FakecloudCommand[] = [
  refresh,
  openResource,
  deleteSelected,
  checkServers,
  copyConnectionString,
  copyArn,
  copyEnvironment,
  configureAwsProfile,
  evictWarmContainer,
  showInvocations,
  showDashboard,
  showOverview,
  reportIssue,
  inspectResource,
  openFile,
  openFilesInExplorer,
  downloadFile,
  uploadFiles,
  uploadFolder,
  deleteFile,
  refreshFiles,
  inspectWithSecrets,
  copyInspect,
  filterKeys,
  loadMoreKeys,
  openKey,
  refreshKeys,
  copyKeyName,
  newKey,
  renameKey,
  setKeyTtl,
  persistKey,
  deleteKey,
  deleteMatchingKeys,
  copyKeyValue,
  showKeySize,
  showMemcachedStats,
  getMemcachedKey,
  setMemcachedKey,
  deleteMemcachedKey,
  loadMoreMemcachedItems,
  resetService,
  showOutput,
  retryConnection,
  configureDockerHost,
  selectKubernetesContext,
  portForward,
  stopPortForward,
  createCache,
  runRedisCommand,
  openCacheCli,
  rebootCache,
  snapshotCache,
  restoreSnapshot,
  deleteCache,
  removeOrphan,
  adoptOrphan,
  launchInstance,
  stopInstance,
  startInstance,
  rebootInstance,
  terminateInstance,
  openShell,
  showConsoleOutput,
  deployFunction,
  invokeFunction,
  redeployFunction,
  stopFunction,
  startFunction,
  deleteFunction,
  followLogs,
  stopFollowingLogs,
  updateImage,
  reconcileNow,
  reconcileMenu,
  copyEndpoint,
  copyContainerId,
  applyStack,
  downStack,
  exportStack,
];
