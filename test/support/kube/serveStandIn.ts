// The API stand-in as a process of its own, for trying the opt-in real-cluster
// suite (or the extension) where no cluster is: it prints its kubeconfig's path,
// runs Pods on the local Docker engine, and takes them all down on SIGINT/SIGTERM.
//   node out/test/support/kube/serveStandIn.js [namespace]
import { RUN } from '../docker';
import { startStandInCluster } from './cluster';

async function main(): Promise<void> {
  const cluster = await startStandInCluster(RUN, process.argv[2] || 'fakecloud');
  process.stdout.write(`${cluster.kubeconfig}\n`);
  const stop = () => void cluster.stop().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
