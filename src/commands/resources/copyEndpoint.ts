// Copy a resource's endpoint (host:port) to the clipboard.
import { endpointText } from '../../views/treeNodes';
import { hostPort } from '../../protocol/handOff';
import { copyCommand } from './copyText';
import { l10n } from '../../protocol/l10n';

export const copyEndpoint = copyCommand(
  'fakecloud.copyEndpoint',
  l10n.t('Copy Endpoint'),
  endpointText,
  (r) => l10n.t('{0} has no endpoint.', r.name),
  (a) => a.endpoint && hostPort(a.endpoint),
);
