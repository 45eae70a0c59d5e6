// Copy a resource's endpoint (host:port) to the clipboard.
import { endpointText } from '../../views/treeNodes';
import { hostPort } from '../../protocol/handOff';
import { copyCommand } from './copyText';

export const copyEndpoint = copyCommand(
  'fakecloud.copyEndpoint',
  'Copy Endpoint',
  endpointText,
  (r) => `${r.name} has no endpoint.`,
  (a) => a.endpoint && hostPort(a.endpoint),
);
