// A kubeconfig with one cluster, one token user and one context, as the test clusters hand them out.
import * as fs from 'node:fs';

export function writeKubeconfig(
  file: string,
  o: { server: string; token: string; namespace: string; context: string; ca?: string },
): string {
  // client-node speaks plain HTTP only with TLS verification off; a server with a certificate of its own gets its CA.
  const tls = o.ca ? `certificate-authority: "${o.ca}"` : 'insecure-skip-tls-verify: true';
  fs.writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      `current-context: ${o.context}`,
      'clusters:',
      `- name: ${o.context}`,
      `  cluster: { server: "${o.server}", ${tls} }`,
      'users:',
      '- name: tester',
      `  user: { token: "${o.token}" }`,
      'contexts:',
      `- name: ${o.context}`,
      `  context: { cluster: ${o.context}, user: tester, namespace: ${o.namespace} }`,
      '',
    ].join('\n'),
  );
  return file;
}
