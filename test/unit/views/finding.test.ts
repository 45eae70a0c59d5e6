// Finding things: the palette answers the words people type, a tree item opens with a double-click or Enter, and
// the Delete key deletes what can be deleted (its command asks first).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Resource } from '../../../src/protocol/model';
import { resourcesFromContainers } from '../../../src/service/model/labels';
import { ClickTracker, DOUBLE_CLICK_MS, defaultActionOf, deleteActionOf } from '../../../src/views/defaultActions';
import { renderNode, type ClientView } from '../../../src/views/treeNodes';
import { container } from '../../support/fixtures';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    keybindings: { command: string; key: string; when: string }[];
    menus: { commandPalette: { command: string; when: string }[] };
  };
};

// The words the palette shows, as package.nls.json gives them.
const nls = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.nls.json'), 'utf8')) as Record<string, string>;
const words = (s: string | undefined) => (s ?? '').replace(/^%([\w.-]+)%$/, (_m, k: string) => nls[k] ?? s ?? '');

describe('finding things', () => {
  it('the palette answers the words people type for what we have', () => {
    const hidden = new Set(manifest.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command));
    const shown = manifest.contributes.commands
      .filter((c) => !hidden.has(c.command))
      .map((c) => `${words(c.category)}: ${words(c.title)}`.toLowerCase());
    for (const word of ['shell', 'terminal', 'exec', 'restart', 'lambda', 'ec2', 'elasticache', 'redis', 'logs', 'snapshot', 'invoke']) {
      assert.ok(
        shown.some((t) => t.includes(word)),
        `nothing in the palette for "${word}"`,
      );
    }
  });

  const [cache, instance, fn, other] = resourcesFromContainers([
    container({ 'fakecloud-elasticache': 'orders', 'fakecloud-managed-by': 'fakecloud-explorer' }, { Id: 'c' }),
    container({ 'fakecloud-ec2': 'i-1', 'fakecloud-managed-by': 'fakecloud-explorer' }, { Id: 'i' }),
    container({ 'fakecloud-lambda': 'fn', 'fakecloud-instance': 'fakecloud-7' }, { Id: 'f' }),
    container({ 'fakecloud-rds': 'db', 'fakecloud-instance': 'fakecloud-7' }, { Id: 'd' }),
  ]);

  it('opens a cache in its CLI, an instance in its console, a function with Invoke', () => {
    assert.equal(defaultActionOf(cache), 'fakecloud.openCacheCli');
    assert.equal(defaultActionOf(instance), 'fakecloud.showConsoleOutput');
    assert.equal(defaultActionOf(fn), 'fakecloud.invokeFunction');
    assert.equal(defaultActionOf(other), 'fakecloud.followLogs');
    // Nothing answers a CLI or an invoke while it is not running: its logs say why.
    assert.equal(defaultActionOf({ ...cache, state: 'exited' }), 'fakecloud.followLogs');
  });

  it('Delete runs the kind’s own delete (which confirms); nothing for what is busy or not ours to delete', () => {
    assert.equal(deleteActionOf(cache), 'fakecloud.deleteCache');
    assert.equal(deleteActionOf(instance), 'fakecloud.terminateInstance');
    assert.equal(deleteActionOf(fn), 'fakecloud.deleteFunction');
    assert.equal(deleteActionOf({ ...cache, orphan: true }), 'fakecloud.removeOrphan');
    assert.equal(deleteActionOf({ ...cache, busy: 'updating' }), undefined);
    assert.equal(deleteActionOf(other), undefined);
    const keys = manifest.contributes.keybindings;
    assert.ok(
      keys.some(
        (k) => k.command === 'fakecloud.deleteSelected' && k.key === 'delete' && /focusedView == fakecloud\.resources/.test(k.when),
      ),
    );
    assert.ok(keys.some((k) => k.command === 'fakecloud.openResource' && k.key === 'enter' && /!inputFocus/.test(k.when)));
  });

  it('a double-click is two clicks on one item within the limit; a single click only selects', () => {
    const t = new ClickTracker();
    assert.equal(t.click('a', 0), false);
    assert.equal(t.click('a', DOUBLE_CLICK_MS - 1), true);
    assert.equal(t.click('a', DOUBLE_CLICK_MS + 10), false, 'a third click starts a new pair');
    assert.equal(t.click('b', DOUBLE_CLICK_MS + 20), false, 'another item');
    assert.equal(t.click('b', 3 * DOUBLE_CLICK_MS), false, 'too slow');
  });

  it('every resource row carries the click and says whose it is', () => {
    const v: ClientView = { service: 'connected', resources: [cache, fn], backends: [] };
    const spec = (r: Resource) => renderNode(v, { type: 'resource', resource: r });
    assert.equal(spec(cache).command?.command, 'fakecloud.openResource');
    assert.equal(spec(cache).owner, 'ours');
    assert.equal(spec(fn).owner, 'fakecloud');
  });
});
