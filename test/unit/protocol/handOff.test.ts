import * as assert from 'node:assert/strict';
import {
  arnOf,
  awsEnvironment,
  connectionString,
  profileSections,
  setIniSection,
  validateProfileName,
} from '../../../src/protocol/handOff';
import { resourcesFromContainers } from '../../../src/service/model/labels';
import { container } from '../../support/fixtures';

describe("handing a resource to the user's tools", () => {
  const [redis, mc, fn, inst] = resourcesFromContainers([
    container(
      { 'fakecloud-elasticache': 'orders', 'fakecloud-instance': 'fakecloud-7', 'fakecloud-account': '000000000042' },
      { Id: 'a', Ports: [{ IP: '127.0.0.1', PrivatePort: 6379, PublicPort: 50001, Type: 'tcp' }] },
    ),
    container(
      { 'fakecloud-elasticache': 'sessions', 'fakecloud-instance': 'fakecloud-7' },
      { Id: 'b', Image: 'memcached:1.6-alpine', Ports: [{ IP: '127.0.0.1', PrivatePort: 11211, PublicPort: 50002, Type: 'tcp' }] },
    ),
    container({ 'fakecloud-lambda': 'resize', 'fakecloud-instance': 'fakecloud-7' }, { Id: 'c' }),
    container({ 'fakecloud-ec2': 'i-0abc', 'fakecloud-instance': 'fakecloud-7' }, { Id: 'd' }),
  ]);

  it('a connection string a client library takes', () => {
    assert.equal(connectionString(redis), 'redis://127.0.0.1:50001');
    assert.equal(connectionString(mc), '127.0.0.1:50002');
    assert.equal(connectionString(fn), undefined);
  });

  it('ARNs as the AWS API names them, in the account the server labelled', () => {
    assert.equal(arnOf(redis), 'arn:aws:elasticache:us-east-1:000000000042:cluster:orders');
    assert.equal(arnOf(fn), 'arn:aws:lambda:us-east-1:123456789012:function:resize');
    assert.equal(arnOf(inst), 'arn:aws:ec2:us-east-1:123456789012:instance/i-0abc');
  });

  it('the environment as export lines or a .env block', () => {
    assert.equal(
      awsEnvironment('http://127.0.0.1:4566', 'export'),
      'export AWS_ENDPOINT_URL=http://127.0.0.1:4566\nexport AWS_REGION=us-east-1\nexport AWS_DEFAULT_REGION=us-east-1\n' +
        'export AWS_ACCESS_KEY_ID=test\nexport AWS_SECRET_ACCESS_KEY=test\n',
    );
    assert.match(awsEnvironment('http://h:1', 'dotenv'), /^AWS_ENDPOINT_URL=http:\/\/h:1\n/);
  });

  it('sets one section of an INI file and touches nothing else', () => {
    const before =
      '# my settings\n[default]\nregion = eu-west-1\n\n[profile fakecloud]\nregion = us-west-2 ; old\noutput = json\n\n[profile other]\nregion = ap-south-1\n';
    const after = setIniSection(before, 'profile fakecloud', { region: 'us-east-1', endpoint_url: 'http://127.0.0.1:4566' });
    assert.equal(
      after,
      '# my settings\n[default]\nregion = eu-west-1\n\n[profile fakecloud]\nregion = us-east-1\noutput = json\nendpoint_url = http://127.0.0.1:4566\n\n' +
        '[profile other]\nregion = ap-south-1\n',
    );
    assert.equal(
      setIniSection(after, 'profile fakecloud', { region: 'us-east-1', endpoint_url: 'http://127.0.0.1:4566' }),
      after,
      'idempotent',
    );
    assert.equal(setIniSection('', 'fakecloud', { a: '1' }), '[fakecloud]\na = 1\n');
    assert.equal(setIniSection('[x]\nk = v', 'y', { a: '1' }), '[x]\nk = v\n\n[y]\na = 1\n');
  });

  it('profile sections and names', () => {
    assert.deepEqual(profileSections('fakecloud'), { config: 'profile fakecloud', credentials: 'fakecloud' });
    assert.deepEqual(profileSections('default'), { config: 'default', credentials: 'default' });
    assert.equal(validateProfileName('fakecloud'), undefined);
    assert.match(validateProfileName('my profile') ?? '', /no spaces/);
  });
});
