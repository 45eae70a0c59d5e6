import * as assert from 'node:assert/strict';
import { acceptedImage, imageChoices, repositoryOf } from '../../../src/commands/resources/imageChoices';
import { runtimeItems } from '../../../src/commands/functions/runtimeItems';

describe('Update Image picker', () => {
  const now = 1_800_000_000_000;
  const local = [
    { ref: 'redis:7.4-alpine', created: now / 1000 - 600, size: 41e6 },
    { ref: 'redis:7', created: now / 1000 - 3 * 86400, size: 117e6 },
    { ref: 'redis:7-crash-server', created: now / 1000 - 7200, size: 20e6 },
    { ref: 'redis:7-crash', created: now / 1000 - 7300, size: 20e6 },
  ];

  it('offers the current image, then the other local images of its repository, with their age and size', () => {
    const rows = imageChoices('redis:7', local, '', now);
    assert.deepEqual(
      rows.map((r) => [r.label, r.description]),
      [
        ['redis:7', 'the current image'],
        ['redis:7.4-alpine', 'on this machine · 10 min old · 41 MB'],
        ['redis:7-crash-server', 'on this machine · 2 h old · 20 MB'],
        ['redis:7-crash', 'on this machine · 2 h old · 20 MB'],
      ],
    );
    assert.ok(rows.every((r) => r.ref === r.label));
  });

  it('a typed reference is a row of its own; an exact name comes first; a bad one cannot be taken', () => {
    assert.deepEqual(imageChoices('redis:7', local, 'valkey/valkey:8', now)[0], {
      label: 'valkey/valkey:8',
      description: 'the image typed',
      detail: 'Pulled if it is not on this machine',
      ref: 'valkey/valkey:8',
    });
    assert.equal(imageChoices('redis:7', local, 'redis:7-crash', now)[0].label, 'redis:7-crash');
    const bad = imageChoices('redis:7', local, 'no spaces please', now)[0];
    assert.equal(bad.ref, undefined);
    assert.equal(bad.description, 'not an image reference');
  });

  it('Enter takes a row named exactly, else the row the text filters to, else the text: never a row the text does not name', () => {
    const rows = imageChoices('redis:7', local, '', now);
    const row = (label: string) => rows.find((r) => r.label === label);
    assert.equal(acceptedImage('redis:7-crash', row('redis:7-crash-server'), rows), 'redis:7-crash');
    assert.equal(acceptedImage('alpine', row('redis:7.4-alpine'), rows), 'redis:7.4-alpine');
    // Rows from before the last keystroke: the current image highlighted, a new reference typed.
    assert.equal(acceptedImage('redis:7-starting', row('redis:7'), rows), 'redis:7-starting');
    assert.equal(acceptedImage('', row('redis:7'), rows), 'redis:7');
    assert.equal(acceptedImage('no spaces', undefined, rows), undefined);
  });

  it('names the repository of a reference', () => {
    assert.equal(repositoryOf('fakecloud-test/redis:7'), 'fakecloud-test/redis');
    assert.equal(repositoryOf('localhost:5000/team/redis:7'), 'localhost:5000/team/redis');
    assert.equal(repositoryOf('redis@sha256:abc'), 'redis');
    assert.equal(repositoryOf('redis'), 'redis');
  });
});

describe('Deploy Function runtime picker', () => {
  it('marks the runtimes whose image is not on this machine, after those that are', () => {
    const images = { 'nodejs22.x': 'lambda/nodejs:22', 'nodejs20.x': 'lambda/nodejs:20', 'python3.12': 'lambda/python:3.12' };
    const rows = runtimeItems(images, new Set(['lambda/nodejs:20']));
    assert.deepEqual(
      rows.map((r) => [r.label, r.detail !== undefined]),
      [
        ['nodejs20.x', false],
        ['nodejs22.x', true],
        ['python3.12', true],
      ],
    );
    assert.match(rows[1].detail ?? '', /Not on this machine: pulled when deployed/);
    // Unknown (a cluster, or the engine did not answer): nothing is marked.
    assert.ok(runtimeItems(images, undefined).every((r) => r.detail === undefined));
  });
});
