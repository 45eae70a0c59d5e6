// The image a create needs: used when it is here, pulled with progress when not.
import { IMAGE_REF } from '../../protocol/references';
import type { ContainerBackend } from '../backends/backend';
import { UserError } from './userError';

export interface OperationContext {
  progress: (message: string) => void;
  signal?: AbortSignal;
  /** Past this, Cancel changes nothing: the windows drop their Cancel button. */
  pastNoReturn?: () => void;
}

export async function ensureImage(backend: ContainerBackend, image: string, op: OperationContext): Promise<void> {
  if (!IMAGE_REF.test(image)) throw new UserError(`"${image}" is not an image reference`);
  if (await backend.imageExists(image)) return;
  op.progress(`Pulling ${image}…`);
  try {
    await backend.pullImage(image, (line) => op.progress(`Pulling ${image}: ${line}`), op.signal);
  } catch (err) {
    throw new UserError(`the image ${image} is not on this machine and could not be pulled: ${(err as Error).message}`);
  }
}
