// What the command wrapper is handed: a failure in the command's words, or a cancel,
// however deep a command has wrapped it.
import * as assert from 'node:assert/strict';
import { cancelIn, CommandCancelled, CommandFailure } from '../../../src/commands/command';

describe('command failures and cancels', () => {
  it('a failure says what failed, then why', () => {
    assert.equal(new CommandFailure('Reboot orders', new Error('the container is gone')).message, 'Reboot orders: the container is gone');
    assert.equal(new CommandFailure(undefined, 'plain text').message, 'plain text');
  });
  it('a cancel is found behind the failure a command wrapped it in, and only a cancel', () => {
    const cancel = new CommandCancelled('Creating cache x: cancelled; nothing was created');
    assert.equal(cancelIn(cancel), cancel);
    assert.equal(cancelIn(new CommandFailure('Create cache x', cancel)), cancel);
    assert.equal(cancelIn(new CommandFailure('Create cache x', new Error('no space left'))), undefined);
    assert.equal(cancelIn('cancelled'), undefined);
  });
});
