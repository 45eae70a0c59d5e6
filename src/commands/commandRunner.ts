// The one way every command runs: whatever it throws is logged to the output
// channel and shown once, with Show Log; a cancel is noted quietly. So a command
// file holds only what is particular to it.
import * as vscode from 'vscode';
import { cancelIn, CommandFailure, errorText, type CommandContext, type FakecloudCommand } from './command';
import { l10n } from '../protocol/l10n';

/** The command's title as the Command Palette shows it, from the manifest. */
function titleOf(id: string): string {
  const manifest = vscode.extensions.getExtension('fakecloud-explorer.fakecloud-explorer')?.packageJSON as
    { contributes?: { commands?: { command: string; title: string; category?: string }[] } } | undefined;
  return manifest?.contributes?.commands?.find((c) => c.command === id)?.title ?? id;
}

export async function runCommand(command: FakecloudCommand, ctx: CommandContext, args: unknown[]): Promise<void> {
  try {
    await command.run(ctx, ...args);
  } catch (err) {
    const cancel = cancelIn(err);
    if (cancel) {
      ctx.output.info(cancel.message);
      vscode.window.setStatusBarMessage(l10n.t('$(circle-slash) {0}: cancelled', cancel.message.split(':')[0]), 5000);
      return;
    }
    const message = err instanceof CommandFailure ? err.message : `${titleOf(command.id)}: ${errorText(err)}`;
    ctx.output.error(message);
    // Not awaited: the command is over, whenever the message is dismissed.
    void vscode.window.showErrorMessage(message, l10n.t('Show Log')).then((pick) => pick && ctx.output.show(true));
  }
}
