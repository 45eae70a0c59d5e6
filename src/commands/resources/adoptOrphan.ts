// Adopt Orphan: a container labelled as ours that the desired state does not list
// (its state was lost) becomes ours again — kept running and repaired — in one step.
import * as vscode from 'vscode';
import { labelOf } from '../../views/treeNodes';
import { CommandFailure, type FakecloudCommand } from '../command';
import { pickResource } from '../pickResource';
import { runOperation } from '../runOperation';

export const adoptOrphan: FakecloudCommand = {
  id: 'fakecloud.adoptOrphan',
  async run(ctx, arg) {
    const r = await pickResource(
      ctx,
      arg,
      (x) => x.orphan === true && x.owner.type === 'extension' && x.backend === 'docker',
      'Adopt Orphan',
    );
    if (!r) return;
    const name = labelOf(r);
    try {
      const res = await runOperation(ctx, `Adopting ${name}`, false, () => ctx.client.request('resource/adopt', { resourceId: r.id }));
      ctx.output.info(`adopted ${r.kind} ${name}: ${res.notes.join('; ')}`);
      void vscode.window.showInformationMessage(
        `${name} is yours again: it is kept running and repaired from now on (${res.notes.join('; ')}).`,
      );
    } catch (err) {
      throw new CommandFailure(`Adopt ${name}`, err);
    }
  },
};
