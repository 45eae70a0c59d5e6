// Every command, one per file. Registered by extension.ts.
import type { FakecloudCommand } from './command';
import { configureDockerHost } from './connection/configureDockerHost';
import { retryConnection } from './connection/retryConnection';
import { copyContainerId } from './resources/copyContainerId';
import { copyEndpoint } from './resources/copyEndpoint';
import { refresh } from './view/refresh';
import { showOutput } from './view/showOutput';

export const ALL_COMMANDS: FakecloudCommand[] = [refresh, showOutput, retryConnection, configureDockerHost, copyEndpoint, copyContainerId];
