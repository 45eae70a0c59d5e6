// Update Image… on any container or Pod resource: pick or type the image (default: the
// current one, re-pulled), confirm, then a progress notification naming each step,
// cancellable until the point of no return. The step log goes to the resource's
// channel; the result — updated, or rolled back with the reason — to a notification.
import * as vscode from 'vscode';
import type { Resource } from '../../protocol/model';
import type { LocalImage } from '../../protocol/rpc';
import { CommandFailure, errorText, type CommandContext, type FakecloudCommand } from '../command';
import { acceptedImage, imageChoices, repositoryOf } from './imageChoices';
import { pickResource } from '../pickResource';
import { runOperation } from '../runOperation';
import { updateOutcome } from '../../protocol/updates';
import { l10n } from '../../protocol/l10n';

/** The current image, the other local images of its repository, or one typed. */
async function pickImage(ctx: CommandContext, r: Resource): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { ref?: string }>();
  qp.title = l10n.t('Update {0}: image', r.name);
  qp.placeholder =
    r.backend === 'kubernetes'
      ? l10n.t('Pick or type the image for the new Pod (the current one starts a new Pod on the same image)')
      : l10n.t('Pick or type the image to recreate the container on (the current one is re-pulled)');
  qp.matchOnDescription = true;
  let local: LocalImage[] = [];
  const render = () => {
    // Typed text stays first: the list filters on it, and a new reference is one Enter away.
    qp.items = imageChoices(r.image, local, qp.value).map((c) => ({ ...c, alwaysShow: c.label === qp.value.trim() }));
    // The picker sorts what matches; a name typed in full is the one Enter takes, not a longer one that starts the same.
    const exact = qp.items.find((i) => i.label === qp.value.trim());
    if (exact) qp.activeItems = [exact];
  };
  render();
  if (r.backend === 'docker') {
    qp.busy = true;
    void ctx.client
      .request('images/local', { repository: repositoryOf(r.image) })
      .then(
        (res) => (local = res.images),
        () => undefined,
      )
      .finally(() => {
        qp.busy = false;
        render();
      });
  }
  return new Promise<string | undefined>((resolve) => {
    qp.onDidChangeValue(render);
    qp.onDidAccept(() => {
      const ref = acceptedImage(qp.value, qp.selectedItems[0] ?? qp.activeItems[0], imageChoices(r.image, local, qp.value));
      if (!ref) return;
      resolve(ref);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

export const updateImage: FakecloudCommand = {
  id: 'fakecloud.updateImage',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, (x) => !x.busy && x.state !== 'removing', l10n.t('Update Image'));
    if (!r) return;
    const image = await pickImage(ctx, r);
    if (!image) return;
    const same = image.trim() === r.image;
    const ok = await vscode.window.showWarningMessage(
      same
        ? l10n.t('Re-pull {0} and recreate {1}?', r.image, r.name)
        : l10n.t('Update {0} from {1} to {2}?', r.name, r.image, image.trim()),
      {
        modal: true,
        detail:
          r.backend === 'kubernetes'
            ? l10n.t(
                'A new Pod is started on the new image beside the old one, which keeps running. Once the new Pod is healthy (running, and answering on its port), the old Pod is deleted; if it is not healthy in time, the new Pod is deleted and nothing changes. Caches created here carry their Redis data over.',
              )
            : l10n.t(
                'The container is stopped, kept aside, and recreated with the same settings on the new image. If the new one is not healthy in time, the old one is restored by itself. Volumes are kept.',
              ),
      },
      l10n.t('Update'),
    );
    if (ok !== l10n.t('Update')) return;
    const ch = ctx.channels.commandChannel(r);
    ch.appendLine(`— update ${r.name}: ${r.image} → ${image.trim()} —`);
    try {
      // This update's steps only: another operation running meanwhile reports to its own channel.
      const res = await runOperation(
        ctx,
        l10n.t('Updating {0}', r.name),
        true,
        (operationId) => ctx.client.request('resource/update', { resourceId: r.id, image: image.trim(), operationId }),
        (step) => ch.appendLine(`  ${step}`),
      );
      for (const w of res.warnings) ch.appendLine(`  warning: ${w}`);
      const outcome = updateOutcome(r.name, res);
      if (res.outcome === 'updated') {
        ch.appendLine(`— updated to ${res.newImageRef} —`);
        void vscode.window.showInformationMessage(outcome.message);
      } else {
        const from = res.restoredFrom ? l10n.t(' from {0}', res.restoredFrom) : '';
        ch.appendLine(`— rolled back: ${res.detail ?? 'no reason given'} (restored ${res.oldImageRef}${from}) —`);
        void vscode.window.showWarningMessage(outcome.message, l10n.t('Show Steps')).then((a) => {
          if (a) ch.show(true);
        });
      }
    } catch (err) {
      ch.appendLine(`— failed: ${errorText(err)} —`);
      throw new CommandFailure(undefined, err);
    }
  },
};
