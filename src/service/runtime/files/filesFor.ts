// A resource's files, reached the way it runs: chosen once here, never by an if in every method.
import type { Resource } from '../../../protocol/model';
import type { Backends } from '../resourceAccess';
import { ContainerFiles } from './containerFiles';
import { PodFiles } from './podFiles';
import type { ResourceFiles } from './resourceFiles';

const FILES: Record<Resource['backend'], (r: Resource, backends: Backends) => ResourceFiles> = {
  docker: (r, b) => new ContainerFiles(b.docker(), r.containerId),
  kubernetes: (r, b) => new PodFiles(b.pods(), r),
};

export function filesFor(r: Resource, backends: Backends): ResourceFiles {
  return FILES[r.backend](r, backends);
}
