// A fakecloud server's instance, acted on through the server's API (Stop/Start/Reboot/TerminateInstances): the
// server stops its container and removes its metadata sidecar itself, and its DescribeInstances stays true.
import type { InstanceLaunchResult } from '../../../protocol/instances';
import type { Resource } from '../../../protocol/model';
import type { ServerActions } from '../../fakecloud/serverActions';
import { serverTie } from '../caches/serverCaches';
import { UserError } from '../userError';
import type { InstanceRunner } from './instanceRunner';
import { l10n } from '../../../protocol/l10n';

export class ServerInstances implements InstanceRunner {
  constructor(private readonly actions: ServerActions) {}

  launch(): Promise<InstanceLaunchResult> {
    return Promise.reject(
      new UserError(l10n.t('an instance on a fakecloud server is launched through its API (Launch Instance → on the fakecloud server)')),
    );
  }

  recreate(): Promise<void> {
    return Promise.reject(new UserError(l10n.t("a fakecloud server's instance is the server's to boot again")));
  }

  async stop(r: Resource): Promise<void> {
    await this.actions.act(serverTie(r).id, 'stop');
  }

  async start(r: Resource): Promise<void> {
    await this.actions.act(serverTie(r).id, 'start');
  }

  async reboot(r: Resource): Promise<void> {
    await this.actions.act(serverTie(r).id, 'reboot');
  }

  async terminate(r: Resource): Promise<void> {
    await this.actions.act(serverTie(r).id, 'terminate');
  }

  removeOrphan(): Promise<void> {
    return Promise.reject(new UserError(l10n.t("a fakecloud server's instance is not an orphan")));
  }
}
