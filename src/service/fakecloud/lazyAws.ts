// Loads the AWS SDK half (dist/aws.js) on first use.
export type AwsModule = typeof import('./aws/awsModule');

let loading: Promise<AwsModule> | undefined;

export function loadAws(): Promise<AwsModule> {
  loading ??= import('./aws/awsModule');
  return loading;
}
