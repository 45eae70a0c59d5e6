// The agent tools: each contributed under its name with a description an agent can choose by and a schema; those
// that change state ask first and those that read do not; a Redis command runs only if it reads.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AGENT_TOOLS } from '../../../src/agentTools/allTools';
import { readOnlyProblem } from '../../../src/protocol/redisReadOnly';

interface Contributed {
  name: string;
  modelDescription: string;
  inputSchema: { type: string; required?: string[] };
}

describe('agent tools', () => {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
    contributes: { languageModelTools: Contributed[] };
  };
  const contributed = pkg.contributes.languageModelTools;

  it('each is contributed under its name, described for an agent, with a schema', () => {
    assert.deepEqual(contributed.map((t) => t.name).sort(), AGENT_TOOLS.map((t) => t.name).sort());
    for (const t of contributed) {
      assert.match(t.name, /^fakecloud_[A-Za-z]+$/);
      assert.ok(t.modelDescription.length > 80, `${t.name} says what it does and when`);
      assert.equal(t.inputSchema.type, 'object');
    }
  });

  it('what changes state asks first; what reads does not', () => {
    const confirms = AGENT_TOOLS.filter(
      (t) =>
        t.prepare?.({ name: 'x', function: 'f', cache: 'c', key: 'k', command: 'GET a', resource: 'r' }, { client: undefined as never })
          ?.confirm,
    )
      .map((t) => t.name)
      .sort();
    assert.deepEqual(confirms, ['fakecloud_createCache', 'fakecloud_invokeFunction']);
  });

  it('a Redis command runs only if it reads', () => {
    for (const ok of [
      'GET a',
      'hgetall user:1',
      'SCAN 0 MATCH user:* COUNT 100',
      'INFO memory',
      'MEMORY USAGE k',
      'CONFIG GET maxmemory',
      'slowlog get 5',
    ])
      assert.equal(readOnlyProblem(ok), undefined, ok);
    assert.equal(readOnlyProblem('SET a 1'), 'SET is not a read-only command');
    assert.equal(readOnlyProblem('FLUSHALL'), 'FLUSHALL is not a read-only command');
    assert.equal(readOnlyProblem('CONFIG SET maxmemory 1'), 'CONFIG SET is not a read-only command');
    assert.equal(readOnlyProblem('EVAL "return 1" 0'), 'EVAL is not a read-only command');
    assert.equal(readOnlyProblem(''), 'an empty command');
    assert.match(readOnlyProblem('GET "unclosed') ?? '', /quote/);
  });
});
