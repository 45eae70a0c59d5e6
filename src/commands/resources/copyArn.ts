// Copy a resource's ARN, as the AWS API and the user's IaC name it.
import { arnOf } from '../../protocol/handOff';
import { copyCommand } from './copyText';
import { l10n } from '../../protocol/l10n';

export const copyArn = copyCommand(
  'fakecloud.copyArn',
  l10n.t('Copy ARN'),
  (r) => arnOf(r),
  (r) => l10n.t('{0} ({1}) has no ARN we can name.', r.name, r.service),
  (a) => a.arn,
);
