// Run Redis Command…: one line, tokenised as redis-cli does, run by redis-cli in
// the container; the command and its answer go to the cache's output channel.
import * as vscode from 'vscode';
import { CommandFailure, errorText, type FakecloudCommand } from '../command';
import { isRedis, nodeOf, pickResource } from '../pickResource';
import { redisLineProblem, streamingCommandOf } from '../../protocol/redisTokenize';
import { l10n } from '../../protocol/l10n';

export const runRedisCommand: FakecloudCommand = {
  id: 'fakecloud.runRedisCommand',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, (x) => isRedis(x) && x.state === 'running', l10n.t('Run Redis Command'));
    if (!r) return;
    const line = await vscode.window.showInputBox({
      title: l10n.t('Redis command on {0}', r.name),
      placeHolder: l10n.t('GET key  ·  SET key "a value"  ·  KEYS *'),
      // Quotes are checked as they are typed, so a slip never costs the line.
      validateInput: (v) => redisLineProblem(v),
    });
    if (!line?.trim()) return;
    // A command that streams until stopped belongs in the CLI, which is one click away.
    const streaming = streamingCommandOf(line);
    if (streaming) {
      void vscode.window
        .showInformationMessage(
          l10n.t("{0} streams until it is stopped, so it runs in the cache's CLI.", streaming),
          l10n.t('Open Cache CLI'),
        )
        .then((open) => open && vscode.commands.executeCommand('fakecloud.openCacheCli', nodeOf(r)));
      return;
    }
    const ch = ctx.channels.commandChannel(r);
    ch.show(true);
    ch.appendLine(`${r.name}> ${line}`);
    try {
      const res = await ctx.client.request('cache/command', { resourceId: r.id, line });
      const text = (res.stdout + res.stderr).replace(/\n$/, '');
      ch.appendLine(text === '' ? '(empty)' : text);
      if (res.isError) void vscode.window.showErrorMessage(`${r.name}: ${text.split('\n')[0]}`);
    } catch (err) {
      ch.appendLine(`(error) ${errorText(err)}`);
      throw new CommandFailure(r.name, err);
    }
  },
};
