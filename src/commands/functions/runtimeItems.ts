// The runtime picker's rows. Pure.
import { l10n } from '../../protocol/l10n';

/** Runtimes with their images; those not on this machine marked, after the ones that are. Pure. */
export function runtimeItems(
  images: Record<string, string>,
  present: Set<string> | undefined,
): { label: string; description: string; detail?: string }[] {
  const items = Object.entries(images).map(([label, image]) => {
    const here = present === undefined || present.has(image);
    return {
      label,
      description: image,
      ...(here ? {} : { detail: l10n.t('$(cloud-download) Not on this machine: pulled when deployed, which needs its registry') }),
      here,
    };
  });
  return [...items.filter((i) => i.here), ...items.filter((i) => !i.here)].map(({ here: _here, ...item }) => item);
}
