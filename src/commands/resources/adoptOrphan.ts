// Adopt Orphan: a container labelled as ours that the desired state does not list
// (its state was lost) becomes ours again — kept running and repaired — in one step.
import * as vscode from 'vscode';
import { labelOf } from '../../views/treeNodes';
import type { FakecloudCommand } from '../command';
import { resourceAction } from '../resourceAction';
import { l10n } from '../../protocol/l10n';

export const adoptOrphan: FakecloudCommand = {
  id: 'fakecloud.adoptOrphan',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      title: l10n.t('Adopt Orphan'),
      filter: (x) => x.orphan === true && x.owner.type === 'extension' && x.backend === 'docker',
      verb: l10n.t('Adopting'),
      done: 'adopted',
      call: (c, r) => c.client.request('resource/adopt', { resourceId: r.id }),
      report: (c, r, res) => {
        c.output.info(`adopted ${r.kind} ${labelOf(r)}: ${res.notes.join('; ')}`);
        void vscode.window.showInformationMessage(
          l10n.t('{0} is yours again: it is kept running and repaired from now on ({1}).', labelOf(r), res.notes.join('; ')),
        );
      },
    }),
};
