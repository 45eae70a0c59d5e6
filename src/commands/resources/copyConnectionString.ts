// Copy a cache's connection string as client libraries take it: redis://host:port, or host:port for memcached.
import { connectionString, hostPort } from '../../protocol/handOff';
import { copyCommand } from './copyText';
import { l10n } from '../../protocol/l10n';

export const copyConnectionString = copyCommand(
  'fakecloud.copyConnectionString',
  l10n.t('Copy Connection String'),
  connectionString,
  (r) => l10n.t('{0} has no endpoint while it is {1}.', r.name, r.state),
  (a) => a.endpoint && (a.engine?.startsWith('memcached') ? hostPort(a.endpoint) : `redis://${hostPort(a.endpoint)}`),
);
