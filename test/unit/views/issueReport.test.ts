// Report Issue's body: every version involved, the log's tail, and nothing that identifies the user's machine.
import * as assert from 'node:assert/strict';
import { issueReportBody, LOG_TAIL, scrub } from '../../../src/views/issueReport';

describe('issue report', () => {
  it('names every version involved and keeps the log tail', () => {
    const log = Array.from({ length: 100 }, (_, i) => ({
      time: Date.UTC(2026, 10, 29, 0, 0, i),
      level: 'info' as const,
      message: `line ${i}`,
    }));
    const body = issueReportBody({
      extension: '0.1.0',
      vscode: '1.100.3 (code-server)',
      platform: 'linux x64',
      service: '0.1.0 (pid 42)',
      docker: '20.10.24 at unix:///var/run/docker.sock',
      servers: ['http://127.0.0.1:4566 connected 0.9.1'],
      log,
    });
    assert.match(body, /- Fakecloud Explorer: 0\.1\.0/);
    assert.match(body, /- VS Code: 1\.100\.3 \(code-server\) \(linux x64\)/);
    assert.match(body, /- Docker engine: 20\.10\.24 at unix:\/\/\/var\/run\/docker\.sock/);
    assert.match(body, /- Kubernetes: off/);
    assert.match(body, /- fakecloud servers: http:\/\/127\.0\.0\.1:4566 connected 0\.9\.1/);
    assert.ok(body.includes('line 99') && body.includes(`line ${100 - LOG_TAIL}`) && !body.includes(`line ${99 - LOG_TAIL}\n`));
    assert.match(body, new RegExp(`last ${LOG_TAIL} lines`));
  });
  it('leaves out home directories and tokens', () => {
    assert.equal(scrub('state in /home/ann/.local/state'), 'state in /home/…/.local/state');
    assert.equal(scrub('GET /x?token=abc123&y=1'), 'GET /x?token=…&y=1');
    assert.equal(scrub('password: hunter2, ok'), 'password: …, ok');
  });
});
