// Update Image's picker rows: the typed reference, the current image (re-pulled), and the
// other local images of its repository, newest first. Pure.
import { IMAGE_REF } from '../../protocol/references';
import type { LocalImage } from '../../protocol/rpc';
import { l10n } from '../../protocol/l10n';

export interface ImageChoice {
  label: string;
  description?: string;
  detail?: string;
  /** The reference it stands for; undefined for a row that cannot be taken. */
  ref?: string;
}

/** "fakecloud-test/redis" from "fakecloud-test/redis:7", "redis" from "redis@sha256:…"; a registry's port is kept. */
export function repositoryOf(ref: string): string {
  const noDigest = ref.split('@')[0];
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(0, colon) : noDigest;
}

export function imageChoices(current: string, local: LocalImage[], typed: string, now = Date.now()): ImageChoice[] {
  const rows: ImageChoice[] = [];
  const t = typed.trim();
  const known = t === current || local.some((i) => i.ref === t);
  if (t && !known) {
    rows.push(
      IMAGE_REF.test(t)
        ? { label: t, description: l10n.t('the image typed'), detail: l10n.t('Pulled if it is not on this machine'), ref: t }
        : { label: t, description: l10n.t('not an image reference'), detail: l10n.t('An image reference, e.g. redis:7.2-alpine') },
    );
  }
  rows.push({
    label: current,
    description: l10n.t('the current image'),
    detail: l10n.t('Re-pulled, and the container recreated on it'),
    ref: current,
  });
  for (const i of local) {
    if (i.ref === current) continue;
    rows.push({
      label: i.ref,
      description: l10n.t('on this machine · {0} old · {1} MB', age(now / 1000 - i.created), (i.size / 1e6).toFixed(0)),
      ref: i.ref,
    });
  }
  // What was typed exactly comes first, so Enter takes it and not a longer name that starts the same.
  const exact = rows.findIndex((r) => r.label === t);
  return exact > 0 ? [rows[exact], ...rows.slice(0, exact), ...rows.slice(exact + 1)] : rows;
}

function age(seconds: number): string {
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min`;
  if (seconds < 86400 * 2) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

/**
 * What Enter takes. The picker may still show rows from before the last keystroke (they are filtered in the
 * window, refreshed from here a moment later), so what was typed is trusted over a highlighted row it does not
 * name: a row named exactly, else the highlighted row the text filters to, else the text itself. Pure.
 */
export function acceptedImage(typed: string, highlighted: ImageChoice | undefined, rows: ImageChoice[]): string | undefined {
  const t = typed.trim();
  const exact = rows.find((r) => r.label === t && r.ref);
  if (exact) return exact.ref;
  if (highlighted?.ref && (!t || highlighted.label.includes(t))) return highlighted.ref;
  return t && IMAGE_REF.test(t) ? t : undefined;
}
