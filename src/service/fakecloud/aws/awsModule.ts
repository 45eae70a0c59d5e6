// Everything that needs the AWS SDK, as one module: the service loads it (dist/aws.js, a bundle of its own) only
// once a fakecloud server answers, so a service that never meets one never parses the SDK.
export { createSdkServerApi } from './awsSdkApi';
