// Upload Folder… on a folder row (or a resource's, for its root): local folders copied into it, with all they hold.
import type { FakecloudCommand } from '../command';
import { uploadInto } from './uploadInto';

export const uploadFolder: FakecloudCommand = {
  id: 'fakecloud.uploadFolder',
  run: (ctx, arg) => uploadInto(ctx, arg, true),
};
