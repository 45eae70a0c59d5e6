// A Pod as fakecloud's Kubernetes backend makes one: its labels name the server, the service and the resource.
import type { V1Pod } from '@kubernetes/client-node';

export function fakecloudPod(namespace: string, name: string, service: 'elasticache' | 'lambda', id: string, image: string): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      labels: {
        'fakecloud-managed-by': 'fakecloud',
        'fakecloud-instance': 'fakecloud-777',
        'fakecloud-service': service,
        [`fakecloud-${service}`]: id,
      },
    },
    spec: { restartPolicy: 'Never', containers: [{ name: service === 'elasticache' ? 'cache' : 'fakecloud-lambda', image }] },
  };
}
