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

/** Just enough of VS Code's `when` language for these menus: `==`, `=~ /re/`, `!`, `&&`, `||` and parentheses. */
export function holds(when: string, ctx: Record<string, string>): boolean {
  let i = 0;
  const ws = () => {
    while (when[i] === ' ') i++;
  };
  const eat = (t: string) => {
    ws();
    if (when.startsWith(t, i)) {
      i += t.length;
      return true;
    }
    return false;
  };
  const term = (): boolean => {
    ws();
    const key = /^[\w.]+/.exec(when.slice(i))?.[0];
    if (!key) throw new Error(`a term this test cannot read at ${i}: ${when}`);
    i += key.length;
    if (eat('==')) {
      ws();
      const v = /^\S+?(?=\)|\s|$)/.exec(when.slice(i))?.[0] ?? '';
      i += v.length;
      return ctx[key] === v;
    }
    if (eat('=~')) {
      ws();
      if (when[i] !== '/') throw new Error(`a regex was expected at ${i}: ${when}`);
      let j = i + 1;
      while (j < when.length && (when[j] !== '/' || when[j - 1] === '\\')) j++;
      const re = new RegExp(when.slice(i + 1, j));
      i = j + 1;
      return re.test(ctx[key] ?? '');
    }
    return Boolean(ctx[key]);
  };
  const unary = (): boolean => {
    if (eat('!')) return !unary();
    if (eat('(')) {
      const v = or();
      if (!eat(')')) throw new Error(`a ) was expected at ${i}: ${when}`);
      return v;
    }
    return term();
  };
  const and = (): boolean => {
    let v = unary();
    while (eat('&&')) v = unary() && v;
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (eat('||')) v = and() || v;
    return v;
  };
  const value = or();
  ws();
  if (i !== when.length) throw new Error(`unread at ${i}: ${when}`);
  return value;
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
      'fakecloud.inspect',
      'fakecloud.inspectWithSecrets',
      'fakecloud.showDashboard',
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
      'fakecloud.resetService',
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

describe("a fakecloud server's resources", () => {
  it('a cold function row offers Invoke, Show Invocations, its dashboard, Delete and its ARN, but no container action', () => {
    assert.deepEqual(offered('fakecloudAws aws awsType:function status:cold deletable'), [
      'fakecloud.copyArn',
      'fakecloud.deleteFunction',
      'fakecloud.invokeFunction',
      'fakecloud.showDashboard',
      'fakecloud.showInvocations',
    ]);
    assert.ok(offered('fakecloudAws aws awsType:function status:warm warm deletable').includes('fakecloud.evictWarmContainer'));
  });
  it('a warm container of a server’s function: Invoke, Evict, logs; never Stop, Start, Redeploy or Update Image', () => {
    const menu = offered('fakecloudResource kind:function state:running owner:fakecloud backend:docker engine:nodejs20.x aws');
    for (const c of [
      'fakecloud.invokeFunction',
      'fakecloud.evictWarmContainer',
      'fakecloud.followLogs',
      'fakecloud.showInvocations',
      'fakecloud.showDashboard',
    ])
      assert.ok(menu.includes(c), c);
    for (const c of ['fakecloud.stopFunction', 'fakecloud.startFunction', 'fakecloud.redeployFunction', 'fakecloud.updateImage'])
      assert.ok(!menu.includes(c), c);
  });
  it('a cluster row its container runs is that container too: CLI, logs, reboot, delete, connection string', () => {
    const menu = offered(
      'fakecloudResource kind:cache state:running owner:fakecloud backend:docker engine:redis endpoint aws awsType:cache-cluster status:available deletable',
    );
    for (const c of [
      'fakecloud.openCacheCli',
      'fakecloud.runRedisCommand',
      'fakecloud.followLogs',
      'fakecloud.rebootCache',
      'fakecloud.deleteCache',
      'fakecloud.copyConnectionString',
      'fakecloud.copyArn',
    ])
      assert.ok(menu.includes(c), c);
    assert.ok(!menu.includes('fakecloud.updateImage'), 'a live server tracks it by id');
    // A dead server's leftover can be updated freely.
    assert.ok(
      offered('fakecloudResource kind:cache state:running owner:fakecloud backend:docker engine:redis leftover').includes(
        'fakecloud.updateImage',
      ),
    );
  });
  it('a replication group offers Delete (the group, through the server); a service folder Create and Reset Service', () => {
    const group = offered('fakecloudAws aws awsType:replication-group status:available deletable');
    assert.ok(group.includes('fakecloud.deleteCache'));
    assert.ok(!group.includes('fakecloud.rebootCache'));
    assert.deepEqual(offered('fakecloudAwsFolder service:elasticache'), ['fakecloud.createCache', 'fakecloud.resetService']);
    assert.deepEqual(offered('fakecloudAwsFolder service:lambda'), ['fakecloud.deployFunction', 'fakecloud.resetService']);
    assert.deepEqual(offered('fakecloudAwsFolder service:strays'), []);
  });
});

describe('a cache’s keys', () => {
  it('a running Redis cache, its databases and folders offer the key actions; a key its own, Persist only with a TTL', () => {
    const cache = offered('fakecloudResource kind:cache state:running owner:extension backend:docker engine:redis endpoint');
    for (const c of ['fakecloud.filterKeys', 'fakecloud.refreshKeys', 'fakecloud.newKey', 'fakecloud.deleteMatchingKeys'])
      assert.ok(cache.includes(c), c);
    assert.ok(
      !offered('fakecloudResource kind:cache state:running owner:extension backend:docker engine:memcached').includes(
        'fakecloud.filterKeys',
      ),
    );
    assert.ok(
      !offered('fakecloudResource kind:cache state:exited owner:extension backend:docker engine:redis').includes('fakecloud.newKey'),
      'a stopped cache takes no new key',
    );
    assert.deepEqual(offered('fakecloudKeyDb'), [
      'fakecloud.deleteMatchingKeys',
      'fakecloud.filterKeys',
      'fakecloud.newKey',
      'fakecloud.refreshKeys',
    ]);
    assert.deepEqual(offered('fakecloudKeyFolder'), ['fakecloud.deleteMatchingKeys', 'fakecloud.newKey']);
    const keyActions = [
      'fakecloud.copyKeyName',
      'fakecloud.copyKeyValue',
      'fakecloud.deleteKey',
      'fakecloud.openKey',
      'fakecloud.renameKey',
      'fakecloud.setKeyTtl',
      'fakecloud.showKeySize',
    ];
    assert.deepEqual(offered('fakecloudKey type:hash'), keyActions);
    assert.deepEqual(offered('fakecloudKey type:hash ttl'), [...keyActions, 'fakecloud.persistKey'].sort());
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
