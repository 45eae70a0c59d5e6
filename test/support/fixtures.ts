// Container list entries shaped as Docker returns them, for unit tests.
import type { ContainerSummary } from '../../src/service/model/labels';

let seq = 0;

export function container(labels: Record<string, string>, over: Partial<ContainerSummary> = {}): ContainerSummary {
  seq++;
  const id = (over.Id ?? seq.toString(16).padStart(4, '0')).padEnd(64, 'a');
  return {
    Id: id,
    Names: [`/container_${over.Id ?? seq}`],
    Image: 'redis:7-alpine',
    Command: 'docker-entrypoint.sh redis-server',
    Created: 1_790_000_000,
    State: 'running',
    Status: 'Up 2 minutes',
    Ports: [],
    Labels: labels,
    HostConfig: { NetworkMode: 'default' },
    ...over,
  };
}
