// A workspace's stacks in the tree: a row per stack file above the groups, its resources beneath it and out of the
// kind groups; another folder's stack of the same name stays in the groups, saying whose it is.
import * as assert from 'node:assert/strict';
import type { BackendStatus } from '../../../src/protocol/model';
import { stackScope, type WorkspaceStack } from '../../../src/protocol/stack';
import { resourcesFromContainers } from '../../../src/service/model/labels';
import { childNodes, renderNode, rootNodes, type ClientView, type TreeNode } from '../../../src/views/treeNodes';
import { container } from '../../support/fixtures';

const docker: BackendStatus = { backend: 'docker', state: 'connected', target: 'unix:///var/run/docker.sock', source: 'default' };
const own = (name: string, stack: string, scope: string, kind = 'fakecloud-elasticache') =>
  container(
    {
      [kind]: name,
      'fakecloud-explorer.managed-by': 'fakecloud-explorer',
      'fakecloud-explorer.stack': stack,
      'fakecloud-explorer.stack-scope': scope,
    },
    { Id: name },
  );

describe('stacks in the tree', () => {
  const file = '/work/shop/fakecloud.yaml';
  const shop: WorkspaceStack = { file, name: 'shop', scope: stackScope(file) };
  const resources = resourcesFromContainers([
    own('sessions', 'shop', shop.scope),
    own('web', 'shop', shop.scope, 'fakecloud-lambda'),
    own('carts', 'shop', stackScope('/elsewhere/shop/fakecloud.yaml')),
    container({ 'fakecloud-elasticache': 'loose', 'fakecloud-explorer.managed-by': 'fakecloud-explorer' }, { Id: 'loose' }),
  ]);
  const v: ClientView = { service: 'connected', backends: [docker], resources, stacks: [shop], relativePath: () => 'shop/fakecloud.yaml' };

  it('shows the stack above the groups with its resources beneath, and them only there', () => {
    const roots = rootNodes(v);
    assert.equal(roots[0].type, 'stack');
    const row = renderNode(v, roots[0]);
    assert.equal(row.label, 'shop');
    assert.equal(row.description, '2 resources');
    assert.equal(row.contextValue, 'fakecloudStack');
    assert.match(row.tooltipMarkdown ?? '', /shop\/fakecloud\.yaml/);
    const members = childNodes(v, roots[0]).map((n) => renderNode(v, n).label);
    assert.deepEqual(members, ['sessions', 'web'], 'caches first, then functions');
    const caches = roots.find((n): n is Extract<TreeNode, { type: 'group' }> => n.type === 'group' && n.kind === 'cache');
    assert.ok(caches);
    const inGroup = childNodes(v, caches).map((n) => renderNode(v, n));
    assert.deepEqual(
      inGroup.map((r) => r.label),
      ['carts', 'loose'],
    );
    assert.match(inGroup[0].description ?? '', /stack shop/, "another folder's stack says whose it is");
    assert.doesNotMatch(inGroup[1].description ?? '', /stack/);
  });

  it('a stack not applied yet offers Apply Stack; a workspace with only a stack file still shows it', () => {
    const empty: ClientView = { service: 'connected', backends: [docker], resources: [], stacks: [shop] };
    const roots = rootNodes(empty);
    assert.equal(roots.length > 0, true);
    assert.equal(renderNode(empty, roots[0]).description, 'not applied');
    const [apply] = childNodes(empty, roots[0]);
    const spec = renderNode(empty, apply);
    assert.equal(spec.command?.command, 'fakecloud.applyStack');
    assert.deepEqual(spec.command.arguments, [file]);
    // No stack file, nothing running: the view's welcome content.
    assert.deepEqual(rootNodes({ service: 'connected', backends: [docker], resources: [] }), []);
  });
});
