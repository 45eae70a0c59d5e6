// A fakecloud server with 200 functions, 50 cache clusters and 50 instances (the stand-in, state only, on
// loopback): the service's AWS-level listing against the same List…/Describe… calls made directly with the AWS SDK
// in one run; a function made through the SDK seen in the model while a view is visible; and what is sent while
// every view is hidden.
import {
  ElastiCacheClient,
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  DescribeServerlessCachesCommand,
} from '@aws-sdk/client-elasticache';
import { EC2Client, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { RDSClient, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { createSdkServerApi } from '../src/service/fakecloud/aws/awsSdkApi';
import { DEFAULT_INVENTORY_POLL_MS } from '../src/service/fakecloud/serverInventories';
import { cleanupLocation, client, tempLocation } from '../test/support/service';
import { FakecloudAws } from '../test/support/fakecloudAws';
import { FakecloudStandIn } from '../test/support/fakecloudStandIn';
import { median, ms, type BenchResult } from './stats';

const FUNCTIONS = 200;
const CLUSTERS = 50;
const INSTANCES = 50;
const RUNS = 20;

/**
 * The calls the service makes, straight through the SDK, each paged to the end; services side by side; at the pace
 * the service lists at (a listing every 1.5 s): a run after an idle gap costs several times one right after another
 * (CPU clocks down, caches go cold), so both sides are timed the same way.
 */
async function directListing(endpoint: string, gapMs: number): Promise<number> {
  const config = { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
  const ec = new ElastiCacheClient(config);
  const lambda = new LambdaClient(config);
  const ec2 = new EC2Client(config);
  const rds = new RDSClient(config);
  const all = async (page: (token: string | undefined) => Promise<string | undefined>) => {
    let token: string | undefined;
    do token = await page(token);
    while (token);
  };
  const once = async () => {
    const t0 = process.hrtime.bigint();
    await Promise.all([
      all(async (Marker) => (await ec.send(new DescribeCacheClustersCommand({ Marker, ShowCacheNodeInfo: true }))).Marker),
      all(async (Marker) => (await ec.send(new DescribeReplicationGroupsCommand({ Marker }))).Marker),
      all(async (NextToken) => (await ec.send(new DescribeServerlessCachesCommand({ NextToken }))).NextToken),
      all(async (Marker) => (await lambda.send(new ListFunctionsCommand({ Marker }))).NextMarker),
      all(async (NextToken) => (await ec2.send(new DescribeInstancesCommand({ NextToken }))).NextToken),
      all(async (Marker) => (await rds.send(new DescribeDBInstancesCommand({ Marker }))).Marker),
    ]);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  try {
    for (let i = 0; i < 3; i++) await once(); // warm: connections, the SDK's first-use work
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await new Promise((r) => setTimeout(r, gapMs));
      times.push(await once());
    }
    return median(times);
  } finally {
    for (const c of [ec, lambda, ec2, rds]) c.destroy();
  }
}

export async function serversBench(): Promise<BenchResult[]> {
  const aws = new FakecloudAws({ containers: false });
  const standIn = new FakecloudStandIn(0, aws);
  await standIn.start();
  for (let i = 0; i < FUNCTIONS; i++) aws.addFunction(`fn-${i}`);
  for (let i = 0; i < CLUSTERS; i++) await aws.createCluster(`cache-${i}`);
  for (let i = 0; i < INSTANCES; i++) await aws.runInstance('ami-bench', 't3.micro', undefined, { Name: `web-${i}` });
  const location = tempLocation('bench-servers');
  const c = client(location, { serviceArgs: ['--idle-timeout', '60'] });
  const results: BenchResult[] = [];
  try {
    const direct = await directListing(standIn.endpoint, DEFAULT_INVENTORY_POLL_MS);
    await c.connect();
    await c.configure({ servers: [standIn.endpoint] });
    c.setViewVisible(true);
    const total = FUNCTIONS + CLUSTERS + INSTANCES;
    const until = Date.now() + 30_000;
    while ((c.snapshot?.aws?.length ?? 0) < total) {
      if (Date.now() > until) throw new Error(`the model did not reach ${total} AWS resources`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // The service's own listings while the view is visible: each one's time, from its first call to the model.
    const times: number[] = [];
    let seen = (await c.request('service/status', {})).serverListings;
    while (times.length < RUNS) {
      await new Promise((r) => setTimeout(r, 100));
      const st = await c.request('service/status', {});
      if (st.serverListings > seen) {
        seen = st.serverListings;
        times.push(st.serverListingMs);
      }
    }
    const ours = median(times);
    results.push({
      name: `server listing, ${FUNCTIONS} functions + ${CLUSTERS} clusters + ${INSTANCES} instances`,
      measured: `${ms(ours)} vs the SDK calls ${ms(direct)} (medians, both every ${DEFAULT_INVENTORY_POLL_MS / 1000} s)`,
      ratio: ours / direct,
      goal: '≤ 1.5× the SDK',
      ok: ours / direct <= 1.5,
    });

    // A function made through the SDK (as a user's code would), until the model shows it.
    const api = createSdkServerApi({ endpoint: standIn.endpoint, region: 'us-east-1', requestTimeoutMs: 10_000, invokeTimeoutMs: 10_000 });
    const seenIn: number[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        const name = `made-${i}`;
        const zip = Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64'); // an empty zip
        const t0 = Date.now();
        await api.createFunction({ name, runtime: 'nodejs20.x', handler: 'index.handler', zip }).catch(() => aws.addFunction(name));
        while (!c.snapshot?.aws?.some((a) => a.awsId === name)) await new Promise((r) => setTimeout(r, 10));
        seenIn.push(Date.now() - t0);
        await new Promise((r) => setTimeout(r, 700));
      }
    } finally {
      api.close();
    }
    const worst = Math.max(...seenIn);
    results.push({
      name: 'a function made through the SDK, in the tree (view visible)',
      measured: `median ${ms(median(seenIn))}, worst ${ms(worst)} of ${seenIn.length}`,
      ratio: worst / 2000,
      goal: '≤ 2 s',
      ok: worst <= 2000,
    });

    // Every view hidden: nothing at all to the server.
    c.setViewVisible(false);
    await new Promise((r) => setTimeout(r, 1_000));
    const before = standIn.requests.length;
    await new Promise((r) => setTimeout(r, 20_000));
    const sent = standIn.requests.length - before;
    results.push({
      name: 'requests to the server in 20 s with every view hidden',
      measured: String(sent),
      ratio: sent,
      goal: '0',
      ok: sent === 0,
    });
  } finally {
    c.dispose();
    await cleanupLocation(location);
    await aws.close().catch(() => undefined);
    await standIn.stop();
  }
  return results;
}
