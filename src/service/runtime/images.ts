// The image a create needs: used when it is here, pulled with progress when not.
import { IMAGE_REF } from '../../protocol/references';
import type { ContainerBackend } from '../backends/backend';
import { UserError } from './userError';
import { l10n } from '../../protocol/l10n';

export interface OperationContext {
  progress: (message: string) => void;
  signal?: AbortSignal;
  /** Past this, Cancel changes nothing: the windows drop their Cancel button. */
  pastNoReturn?: () => void;
}

export async function ensureImage(backend: ContainerBackend, image: string, op: OperationContext): Promise<void> {
  if (!IMAGE_REF.test(image)) throw new UserError(l10n.t('"{0}" is not an image reference', image));
  if (await backend.imageExists(image)) return;
  op.progress(l10n.t('Pulling {0}…', image));
  try {
    await backend.pullImage(image, (line) => op.progress(l10n.t('Pulling {0}: {1}', image, line)), op.signal);
  } catch (err) {
    throw new UserError(l10n.t('the image {0} is not on this machine and could not be pulled: {1}', image, (err as Error).message));
  }
}
