// The tree's context menus, read from the manifest: a group header offers only what
// acts on the group; a resource offers its own actions.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface MenuItem {
  command: string;
  when: string;
  group?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
  contributes: { menus: Record<string, MenuItem[]> };
};

/** Just enough of VS Code's `when` language for these menus: terms joined by &&, `==`, `=~ /re/`, and `!( … )`. */
function holds(when: string, ctx: { view: string; viewItem: string }): boolean {
  return when.split(' && ').every((raw) => {
    const negated = raw.startsWith('!(') && raw.endsWith(')');
    const term = negated ? raw.slice(2, -1) : raw;
    let value: boolean;
    const eq = /^(\w+) == (\S+)$/.exec(term);
    const re = /^(\w+) =~ \/(.*)\/$/.exec(term);
    if (eq) value = ctx[eq[1] as keyof typeof ctx] === eq[2];
    else if (re) value = new RegExp(re[2]).test(ctx[re[1] as keyof typeof ctx]);
    else throw new Error(`a term this test cannot read: ${term}`);
    return negated ? !value : value;
  });
}

function offered(viewItem: string): string[] {
  return manifest.contributes.menus['view/item/context']
    .filter((m) => holds(m.when, { view: 'fakecloud.resources', viewItem }))
    .map((m) => m.command)
    .filter((c, i, all) => all.indexOf(c) === i)
    .sort();
}

describe('tree context menus', () => {
  it('a group header offers only what acts on the group', () => {
    assert.deepEqual(offered('fakecloudGroup kind:cache'), ['fakecloud.createCache']);
    assert.deepEqual(offered('fakecloudGroup kind:instance'), ['fakecloud.launchInstance']);
    assert.deepEqual(offered('fakecloudGroup kind:function'), ['fakecloud.deployFunction']);
  });
  it('a running Redis cache of ours offers its own actions', () => {
    const menu = offered('fakecloudResource kind:cache state:running owner:extension backend:docker engine:redis endpoint');
    for (const c of [
      'fakecloud.rebootCache',
      'fakecloud.deleteCache',
      'fakecloud.runRedisCommand',
      'fakecloud.snapshotCache',
      'fakecloud.openShell',
    ])
      assert.ok(menu.includes(c), c);
    assert.ok(!menu.includes('fakecloud.createCache'));
  });
});

describe("handing over to the user's tools", () => {
  it('a server offers its environment, an AWS profile and a retry; a cache its connection string and ARN', () => {
    assert.deepEqual(offered('fakecloudServer state:connected'), [
      'fakecloud.checkServers',
      'fakecloud.configureAwsProfile',
      'fakecloud.copyEnvironment',
    ]);
    const cache = offered('fakecloudResource kind:cache state:running owner:fakecloud backend:docker engine:redis endpoint');
    for (const c of ['fakecloud.copyConnectionString', 'fakecloud.copyArn']) assert.ok(cache.includes(c), c);
    assert.ok(
      !offered('fakecloudResource kind:cache state:exited owner:fakecloud backend:docker engine:redis').includes(
        'fakecloud.copyConnectionString',
      ),
    );
  });
});

describe('the command palette', () => {
  const palette = manifest.contributes.menus.commandPalette;
  const shown = (command: string, config: Record<string, boolean>) => {
    const entry = palette.find((m) => m.command === command);
    if (!entry) return true;
    return entry.when.split(' && ').every((t) => (t.startsWith('config.') ? config[t.slice('config.'.length)] : t !== 'false'));
  };
  it('offers Port Forward only while Kubernetes is switched on', () => {
    for (const c of ['fakecloud.portForward', 'fakecloud.stopPortForward']) {
      assert.equal(shown(c, { 'fakecloud.kubernetes.enabled': false }), false, c);
      assert.equal(shown(c, { 'fakecloud.kubernetes.enabled': true }), true, c);
    }
  });
});
