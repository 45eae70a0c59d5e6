// Redeploy: the code folder it was deployed from, again, into a new container;
// the old one goes only once the new one answers. A function adopted from its
// container has no known folder: the user picks one.
import * as vscode from 'vscode';
import { RpcError } from '../../protocol/jsonRpcPeer';
import { ErrorCodes } from '../../protocol/rpc';
import type { FakecloudCommand } from '../command';
import { isOwnFunction } from '../pickResource';
import { resourceAction } from '../resourceAction';
import { l10n } from '../../protocol/l10n';
import { requireTrustFor, untrustedFolders } from '../workspaceTrust';

export const redeployFunction: FakecloudCommand = {
  id: 'fakecloud.redeployFunction',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      title: l10n.t('Redeploy Function'),
      filter: isOwnFunction,
      verb: l10n.t('Redeploying'),
      done: 'redeployed',
      cancellable: true,
      call: async (c, r, operationId) => {
        try {
          // The folder it came from is the service's to know: it refuses one in a workspace in Restricted Mode.
          return await c.client.request('function/redeploy', { resourceId: r.id, operationId, notFrom: untrustedFolders() });
        } catch (err) {
          if (!(err instanceof RpcError) || err.code !== ErrorCodes.CodeFolderUnknown) throw err;
          const picked = await vscode.window.showOpenDialog({
            canSelectFolders: true,
            canSelectFiles: false,
            openLabel: l10n.t('Redeploy from This Folder'),
            title: l10n.t('The code folder of {0}', r.name),
          });
          if (!picked?.[0]) throw new Error(l10n.t('no code folder picked; nothing was changed'), { cause: err });
          requireTrustFor(l10n.t('Redeploy Function'), [picked[0].fsPath]);
          return c.client.request('function/redeploy', { resourceId: r.id, operationId, codePath: picked[0].fsPath });
        }
      },
    }),
};
