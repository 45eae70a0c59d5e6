// Retry now: reconnect to the service (starting it if needed), then to Docker.
import type { FakecloudCommand } from '../command';

export const retryConnection: FakecloudCommand = {
  id: 'fakecloud.retryConnection',
  async run({ client }) {
    if (client.state !== 'connected') await client.connect();
    await client.request('backend/reconnect', {});
  },
};
