// How long a window waits for each request before it gives up with a clear error: one
// table, so a method cannot be called with one timeout in one command and another in the
// next, and a method without one does not compile. Long operations report progress
// meanwhile; the service's own deadlines (its locks: 30 minutes) lie within these.
import type { MethodName } from './rpc';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

export const REQUEST_TIMEOUT_MS: Record<MethodName, number> = {
  hello: 5 * SECOND,
  shutdown: 5 * SECOND,
  'service/status': 15 * SECOND,
  'client/configure': 15 * SECOND,
  'client/viewVisible': 15 * SECOND,
  'model/subscribe': 30 * SECOND,
  'model/refresh': 30 * SECOND,
  'backend/reconnect': 30 * SECOND,
  'log/subscribe': 15 * SECOND,
  // An image pull and a large snapshot to stage and load.
  'cache/create': 15 * MINUTE,
  // A command has its own limit in the service (30 s by default, at most 10 minutes).
  'cache/command': 11 * MINUTE,
  'cache/reboot': 5 * MINUTE,
  'cache/snapshot': 15 * MINUTE,
  'cache/checkSnapshot': 30 * SECOND,
  // Each Redis request through the relay has its own 15 s deadline; a page may take several.
  'cache/keyspace': 30 * SECOND,
  'cache/keys': 1 * MINUTE,
  'cache/keyRead': 1 * MINUTE,
  'cache/keyWrite': 1 * MINUTE,
  'cache/keyCreate': 1 * MINUTE,
  'cache/keyRename': 30 * SECOND,
  'cache/keyExpire': 30 * SECOND,
  'cache/keysDelete': 1 * MINUTE,
  // A whole keyspace walked: a million keys take a few seconds; a slow engine gets room.
  'cache/keysCount': 10 * MINUTE,
  'cache/keysDeleteMatching': 30 * MINUTE,
  'cache/keyMemory': 30 * SECOND,
  'cache/watchKeys': 30 * SECOND,
  'dashboard/watch': 30 * SECOND,
  'memcached/stats': 30 * SECOND,
  'memcached/items': 1 * MINUTE,
  'memcached/get': 30 * SECOND,
  'memcached/set': 30 * SECOND,
  'memcached/delete': 30 * SECOND,
  'images/local': 15 * SECOND,
  'cache/delete': 2 * MINUTE,
  'cache/removeOrphan': 2 * MINUTE,
  'resource/adopt': 5 * MINUTE,
  'instance/launch': 10 * MINUTE,
  'instance/stop': 2 * MINUTE,
  'instance/start': 2 * MINUTE,
  'instance/reboot': 2 * MINUTE,
  'instance/terminate': 2 * MINUTE,
  'function/deploy': 10 * MINUTE,
  'function/redeploy': 10 * MINUTE,
  // The function's own timeout is a setting (at most 15 minutes).
  'function/invoke': 16 * MINUTE,
  'function/stop': 1 * MINUTE,
  'function/start': 2 * MINUTE,
  'function/delete': 1 * MINUTE,
  'logs/read': 30 * SECOND,
  'resource/inspect': 30 * SECOND,
  'stack/plan': 30 * SECOND,
  // Every item of the file, one after another: image pulls, health gates.
  'stack/apply': 60 * MINUTE,
  'stack/down': 30 * MINUTE,
  'stack/members': 30 * SECOND,
  'stack/export': 30 * SECOND,
  'files/list': 30 * SECOND,
  'files/stat': 30 * SECOND,
  // Up to 10 MB through the engine and the socket.
  'files/read': 2 * MINUTE,
  'files/write': 2 * MINUTE,
  'files/delete': 3 * MINUTE,
  'files/mkdir': 30 * SECOND,
  'files/rename': 3 * MINUTE,
  // Any size: each copy has the service's own 5-minute deadline per archive; progress meanwhile.
  'files/download': 30 * MINUTE,
  'files/upload': 30 * MINUTE,
  'kubernetes/contexts': 15 * SECOND,
  'kubernetes/namespaces': 15 * SECOND,
  'resource/portForward': 30 * SECOND,
  'resource/stopPortForward': 15 * SECOND,
  'operation/cancel': 15 * SECOND,
  'operations/list': 15 * SECOND,
  'servers/check': 15 * SECOND,
  // Each call to a server has its own deadline (10 s); a listing follows an action.
  'aws/act': 1 * MINUTE,
  'aws/invoke': 16 * MINUTE,
  'aws/invocations': 30 * SECOND,
  'aws/reset': 2 * MINUTE,
  // The server makes a container (maybe pulling its image) before it calls the cluster available.
  'aws/createCache': 6 * MINUTE,
  'aws/runInstance': 5 * MINUTE,
  'aws/createFunction': 5 * MINUTE,
  'reconcile/now': 10 * MINUTE,
  'reconcile/last': 15 * SECOND,
  // An image pull, and a health gate of up to an hour (fakecloud.update.healthTimeoutSeconds).
  'resource/update': 90 * MINUTE,
  'logs/follow': 30 * SECOND,
  'logs/stop': 15 * SECOND,
  'terminal/open': 30 * SECOND,
  'terminal/resize': 15 * SECOND,
  'terminal/close': 15 * SECOND,
};
