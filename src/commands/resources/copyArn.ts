// Copy a resource's ARN, as the AWS API and the user's IaC name it.
import { arnOf } from '../../protocol/handOff';
import { copyCommand } from './copyText';

export const copyArn = copyCommand(
  'fakecloud.copyArn',
  'Copy ARN',
  (r) => arnOf(r),
  (r) => `${r.name} (${r.service}) has no ARN we can name.`,
  (a) => a.arn,
);
