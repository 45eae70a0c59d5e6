// Show the Fakecloud log.
import type { FakecloudCommand } from '../command';

export const showOutput: FakecloudCommand = {
  id: 'fakecloud.showOutput',
  run({ output }) {
    output.show(true);
  },
};
