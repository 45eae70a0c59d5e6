// The stack file's shape: one zod schema, from which the JSON Schema shipped for editors (completion, hovers, errors
// as the user types) is generated, so the editor and the service never disagree about what a file may say.
import { z } from 'zod';
import { SERVER_ENDPOINT } from '../../protocol/references';

/** An item's name: its key in the file. */
export const ITEM_NAME = /^[a-zA-Z][a-zA-Z0-9-]{0,39}$/;
const itemName = z.string().regex(ITEM_NAME, 'a name is letters, digits and hyphens, a letter first, at most 40 characters');
const target = z
  .enum(['docker', 'kubernetes', 'server'])
  .describe('Where it runs: docker (the default), kubernetes (the cluster in use), or server (a fakecloud server, through its AWS API).');
const stringMap = z.record(z.string(), z.string());

export const cacheSchema = z
  .strictObject({
    engine: z.enum(['redis', 'memcached']).default('redis').describe('The engine: redis (the default) or memcached.'),
    version: z
      .string()
      .regex(/^[0-9][0-9a-z.-]*$/, 'a version is like 7 or 7.2')
      .optional()
      .describe('The engine version, as the image tag before -alpine (7 → redis:7-alpine). image wins when both are given.'),
    image: z.string().min(1).optional().describe('The image to run, overriding version and the fakecloud.images.* setting.'),
    port: z.number().int().min(1024).max(65535).optional().describe('The port on 127.0.0.1 it answers on (default: a free one).'),
    snapshot: z.string().min(1).optional().describe('A Redis .rdb file to start from, relative to this file.'),
    on: target.optional(),
  })
  .describe('An ElastiCache-style cache: its name is the key.');

export const instanceSchema = z
  .strictObject({
    image: z.string().min(1).optional().describe('The image to run (default: the fakecloud.images.instance setting).'),
    userData: z.string().optional().describe('A script run once, at first boot.'),
    userDataFile: z.string().min(1).optional().describe('A file holding the user data, relative to this file.'),
    tags: stringMap.optional().describe('Tags, key → value (its Name tag is the key of this entry).'),
    on: target.optional(),
  })
  .refine((i) => !(i.userData !== undefined && i.userDataFile !== undefined), {
    error: 'give userData or userDataFile, not both',
    path: ['userDataFile'],
  })
  .describe('An EC2-style instance: its Name tag is the key.');

export const functionSchema = z
  .strictObject({
    runtime: z.string().min(1).describe('A Lambda runtime, e.g. nodejs20.x or python3.12.'),
    handler: z
      .string()
      .regex(/^[^\s.]+(\.[^\s.]+)+$/, 'a handler is file.export, e.g. index.handler')
      .describe('file.export, e.g. index.handler.'),
    code: z.string().min(1).describe('The folder whose contents go to /var/task, relative to this file.'),
    environment: stringMap.optional().describe('Environment variables.'),
    memory: z.number().int().min(128).max(10240).optional().describe('Memory in MB (128–10240), as Lambda takes it.'),
    timeout: z.number().int().min(1).max(900).optional().describe('Timeout in seconds (1–900).'),
    on: target.optional(),
  })
  .describe('A Lambda-style function: its name is the key.');

export const stackSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a stack name is lower-case letters, digits and hyphens, at most 40 characters')
      .optional()
      .describe("The stack's name (default: the folder's name). Its resources carry it and show under it in the tree."),
    server: z
      .string()
      .regex(SERVER_ENDPOINT, 'a server is http://host:port')
      .optional()
      .describe('The fakecloud server that items with on: server are made on (default: the first one that answers).'),
    caches: z.record(itemName, cacheSchema).optional(),
    instances: z.record(itemName, instanceSchema).optional(),
    functions: z.record(itemName, functionSchema).optional(),
  })
  .describe('The local AWS resources this workspace needs, applied with Fakecloud: Apply Stack.');

export type StackFileContent = z.output<typeof stackSchema>;

/** The JSON Schema for editors (contributes.jsonValidation / yamlValidation), generated from the schema above. */
export function stackJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(stackSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { title: 'fakecloud stack file', ...schema };
}
