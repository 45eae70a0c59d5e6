// Everything that needs @kubernetes/client-node, as one module: the service
// loads it (dist/kubernetes.js, a bundle of its own) only when Kubernetes is
// switched on, so a Docker-only service never parses the client.
export { KubernetesDiscovery } from './kubernetesDiscovery';
export { resolveCluster } from './kubeClient';
export { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
export { PodOperations } from './podOperations';
