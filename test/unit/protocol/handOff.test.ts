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

  it('keeps every byte it does not set: CRLF, Latin-1, comments, nested blocks', () => {
    // The file's bytes one character each, as the command reads it.
    const latin1 = (b: Buffer) => b.toString('latin1');
    const before = Buffer.concat([
      Buffer.from('[default]\r\nregion = eu-west-1\r\n# caf', 'latin1'),
      Buffer.from([0xe9]),
      Buffer.from(
        '\r\n\r\n[profile fakecloud]\r\nregion = x\r\ns3 =\r\n  max_concurrent_requests = 10\r\n  endpoint_url = http://s3.local\r\n',
        'latin1',
      ),
    ]);
    const after = Buffer.from(
      setIniSection(latin1(before), 'profile fakecloud', { region: 'us-east-1', endpoint_url: 'http://127.0.0.1:4566' }),
      'latin1',
    );
    const expected = Buffer.concat([
      before.subarray(0, before.indexOf('[profile fakecloud]')),
      Buffer.from(
        '[profile fakecloud]\r\nregion = us-east-1\r\ns3 =\r\n  max_concurrent_requests = 10\r\n  endpoint_url = http://s3.local\r\n' +
          'endpoint_url = http://127.0.0.1:4566\r\n',
        'latin1',
      ),
    ]);
    assert.deepEqual(after, expected, 'the Latin-1 byte, the CRLFs and the nested s3 block as they were');
    // A value that is not ASCII is written as UTF-8; a file without a last newline gets one only where it grows.
    assert.equal(Buffer.from(setIniSection('[p]\nk = v', 'p', { note: 'café' }), 'latin1').toString('utf8'), '[p]\nk = v\nnote = café\n');
    assert.equal(setIniSection('[p]\nk = v', 'p', { k: 'v' }), '[p]\nk = v', 'nothing to change: not a byte');
    assert.throws(() => setIniSection('[p]\nregion =\n  nested = 1\n', 'p', { region: 'x' }), /nested block/);
  });

  it('profile sections and names', () => {
    assert.deepEqual(profileSections('fakecloud'), { config: 'profile fakecloud', credentials: 'fakecloud' });
    assert.deepEqual(profileSections('default'), { config: 'default', credentials: 'default' });
    assert.equal(validateProfileName('fakecloud'), undefined);
    assert.match(validateProfileName('my profile') ?? '', /no spaces/);
  });
});
