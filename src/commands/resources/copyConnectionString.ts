// Copy a cache's connection string as client libraries take it: redis://host:port, or host:port for memcached.
import { connectionString, hostPort } from '../../protocol/handOff';
import { copyCommand } from './copyText';

export const copyConnectionString = copyCommand(
  'fakecloud.copyConnectionString',
  'Copy Connection String',
  connectionString,
  (r) => `${r.name} has no endpoint while it is ${r.state}.`,
  (a) => a.endpoint && (a.engine?.startsWith('memcached') ? hostPort(a.endpoint) : `redis://${hostPort(a.endpoint)}`),
);
