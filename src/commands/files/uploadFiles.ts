// Upload Files… on a folder row (or a resource's, for its root): local files copied into it.
import type { FakecloudCommand } from '../command';
import { uploadInto } from './uploadInto';

export const uploadFiles: FakecloudCommand = {
  id: 'fakecloud.uploadFiles',
  run: (ctx, arg) => uploadInto(ctx, arg, false),
};
