// Every agent tool, one per file; each is contributed under the same name in package.json.
import type { AgentTool } from './agentTool';
import { createCache } from './createCache';
import { invokeFunction } from './invokeFunction';
import { listKeys } from './listKeys';
import { listResources } from './listResources';
import { readKey } from './readKey';
import { readLogs } from './readLogs';
import { runReadOnlyCommand } from './runReadOnlyCommand';

// Each tool's input type differs; the table holds them alike (the schema in package.json checks the input).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a typed boundary: inputs are checked by each tool's schema
export const AGENT_TOOLS: AgentTool<any>[] = [listResources, listKeys, readKey, runReadOnlyCommand, readLogs, invokeFunction, createCache];
