// Kubernetes from the real VS Code, against the API stand-in (its kubelet runs
// Pods on the machine's Docker): a fakecloud server's Pod in the tree next to
// Docker with `k8s` in its description and K8s in the status bar; a cache created
// on Kubernetes (Create Cache asks where); Port Forward… reaching it from this
// machine until stopped; Update Image to a build whose redis-server crashes,
// rolled back and reported; and the namespace switched through the picker.
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { V1Pod } from '@kubernetes/client-node';
import { IMAGES, RUN, requireDocker, waitFor } from '../support/docker';
import { startStandInCluster, type StandInCluster } from '../support/kube/cluster';
import { tempLocation } from '../support/service';
import { CodeServer, requireE2e } from './support/codeServer';
import {
  answer as answerIn,
  clearNotifications,
  closeWorkbench,
  openWorkbench,
  pick as pickIn,
  pickUnder as pickUnderIn,
  runCommand,
  screenshot,
  screenshotOnFailure,
  waitForRows,
  waitForStatus,
  widenSidebar,
} from './support/workbench';
import { redisPing } from '../support/redisPing';

describe('Kubernetes in VS Code (code-server + Chromium, the API stand-in)', function () {
  this.timeout(120_000);
  const location = tempLocation('e2e-k8s');
  const lower = RUN.toLowerCase();
  const name = `pods-${lower}`.slice(0, 40);
  let cluster: StandInCluster;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pick = (label: string) => pickIn(page, label);
  const answer = (title: string, text: string) => answerIn(page, title, text);
  const pickUnder = (title: string, label: string) => pickUnderIn(page, title, label);

  before(async function () {
    this.timeout(180_000);
    await requireDocker(this);
    requireE2e(this);
    cluster = await startStandInCluster(RUN);
    // As fakecloud's ElastiCache Kubernetes backend makes one.
    const theirs: V1Pod = {
      metadata: {
        name: `fakecloud-ec-shop-${lower}`.slice(0, 63),
        labels: {
          'fakecloud-managed-by': 'fakecloud',
          'fakecloud-instance': 'fakecloud-31',
          'fakecloud-service': 'elasticache',
          'fakecloud-elasticache': 'shop',
        },
      },
      spec: { restartPolicy: 'Never', containers: [{ name: 'cache', image: IMAGES.redis, command: ['redis-server', '--port', '6379'] }] },
    };
    const res = await fetch(`${cluster.api.url}/api/v1/namespaces/${cluster.namespace}/pods`, {
      method: 'POST',
      headers: { authorization: 'Bearer stand-in-token', 'content-type': 'application/json' },
      body: JSON.stringify(theirs),
    });
    assert.equal(res.status, 201);
    server = new CodeServer({
      settings: {
        'fakecloud.docker.networkMode': 'host',
        'fakecloud.images.redis': IMAGES.redis,
        'fakecloud.kubernetes.enabled': true,
        'fakecloud.kubernetes.kubeconfig': cluster.kubeconfig,
        'fakecloud.kubernetes.stagingImage': IMAGES.busybox,
        'fakecloud.update.graceSeconds': 1,
        'fakecloud.update.healthTimeoutSeconds': 10,
        'fakecloud.update.pollMillis': 200,
      },
      runtimeDir: location.dir,
      stateDir: location.stateDir,
    });
    await server.start();
    ({ browser, page } = await openWorkbench(server.url));
    await page.locator('.activitybar [aria-label^="Fakecloud"]').first().click();
    await widenSidebar(page, 470);
  });

  afterEach(async function () {
    await screenshotOnFailure(this.currentTest, page, location);
  });

  after(async function () {
    this.timeout(60_000);
    await closeWorkbench(browser, server, location);
    await cluster?.stop();
  });

  it('shows a fakecloud server’s Pod next to Docker, `k8s` in its description, and K8s in the status bar', async () => {
    await waitForRows(page, 'the Pod in the tree', (r) => r.some((x) => x.startsWith('shop k8s · running · redis')), 30_000);
    await waitForStatus(page, 'both backends', /Docker: .* · K8s: 1$/, 15_000);
  });

  it('creates a cache on Kubernetes: Create Cache asks where', async () => {
    await runCommand(page, 'Fakecloud ElastiCache: Create Cache…');
    await pickUnder('Create Cache: where should it run?', 'Kubernetes');
    await pickUnder('Create Cache: engine', 'Redis');
    await answer('Create Redis Cache: name', name);
    await waitForRows(page, 'the cache as a Pod', (r) => r.some((x) => x.startsWith(`${name} k8s · running · redis`)), 60_000);
    await waitForStatus(page, 'two Pods', /K8s: 2$/, 15_000);
    await screenshot(page, 'kubernetes-tree');
  });

  it('Port Forward… opens a loopback port that reaches the cache, until stopped', async () => {
    await clearNotifications(page);
    await runCommand(page, 'Fakecloud: Port Forward…');
    await pick(name);
    const toast = page.locator('.notifications-toasts', { hasText: 'now reaches' });
    await toast.waitFor({ timeout: 30_000 });
    const port = Number(/127\.0\.0\.1:(\d+) now reaches/.exec(await toast.innerText())?.[1]);
    assert.ok(port > 0);
    assert.equal(await redisPing(port), '+PONG');
    await screenshot(page, 'kubernetes-port-forward');
    await toast.locator('.monaco-button', { hasText: 'Stop' }).click();
    await waitFor(
      'the forward closed',
      () =>
        redisPing(port, 2_000).then(
          (r) => (r === '+PONG' ? undefined : true),
          () => true,
        ),
      10_000,
      200,
    );
  });

  it('Update Image to a build whose redis-server crashes: the new Pod is deleted, the old one kept, the rollback reported', async () => {
    await clearNotifications(page);
    await runCommand(page, 'Fakecloud: Update Image…');
    await pick(name);
    await answer(`Update ${name}: image`, 'fakecloud-test/redis:7-crash-server');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    assert.match(await dialog.innerText(), /A new Pod is started on the new image beside the old one/);
    await dialog.locator('.monaco-button', { hasText: 'Update' }).click();
    const toast = page.locator('.notifications-toasts', { hasText: `${name} rolled back to ${IMAGES.redis}` });
    await toast.waitFor({ timeout: 60_000 });
    assert.match(await toast.innerText(), /crashed \(it exited with code 3\)/);
    await waitForRows(
      page,
      'the cache running on its old Pod',
      (r) => r.some((x) => x.startsWith(`${name} k8s · running · redis`)),
      15_000,
    );
    await screenshot(page, 'kubernetes-update-rolled-back');
    assert.equal(cluster.api.list().filter((p) => p.metadata?.annotations?.['fakecloud-explorer.resource-name'] === name).length, 1);
  });

  it('switches the namespace through the picker: the tree and the status bar follow', async () => {
    await runCommand(page, 'Fakecloud: Select Kubernetes Context and Namespace…');
    await pickUnder('Kubernetes context', 'standin');
    await pickUnder('Namespace in standin', 'default');
    await waitForStatus(page, 'no Pods in default', /K8s: 0$/, 15_000);
    await waitForRows(page, 'their Pods gone from view', (r) => !r.some((x) => x.includes(' k8s · ')), 15_000);
    await runCommand(page, 'Fakecloud: Select Kubernetes Context and Namespace…');
    await pickUnder('Kubernetes context', 'standin');
    await pickUnder('Namespace in standin', '(the context’s namespace)');
    await waitForRows(
      page,
      'back',
      (r) => r.some((x) => x.startsWith(`${name} k8s · running · redis`)) && r.some((x) => x.startsWith('shop k8s')),
      15_000,
    );
  });
});
