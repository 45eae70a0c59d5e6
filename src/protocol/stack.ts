// A workspace's stack file (fakecloud.yaml): the resources a project needs, as the service reads, plans and applies
// them. The file's own shape is its schema (service/stacks/stackSchema.ts); these are what both ends exchange.

import * as crypto from 'node:crypto';
import * as path from 'node:path';

export type StackItemKind = 'cache' | 'instance' | 'function';

/** The order a stack's kinds are planned, listed and shown in: caches, then instances, then functions. */
export const STACK_KIND_ORDER: Record<StackItemKind, number> = { cache: 0, instance: 1, function: 2 };

/** The labels a stack's resources carry: its name, and the key of the folder its file is in. */
export const STACK_LABEL = 'fakecloud-explorer.stack';
export const STACK_SCOPE_LABEL = 'fakecloud-explorer.stack-scope';

/**
 * The key of the folder a stack file is in. Resources carry it beside the stack's name, so two workspaces with
 * stacks of one name each see only their own: names on an engine stay global, and one made by the other is a conflict.
 */
export function stackScope(file: string): string {
  return crypto
    .createHash('sha256')
    .update(path.resolve(path.dirname(file)))
    .digest('hex')
    .slice(0, 12);
}

/** A stack file of the open workspace, as the tree groups its resources. */
export interface WorkspaceStack {
  file: string;
  name: string;
  scope: string;
}

/** Where an item runs: Docker (the default), the Kubernetes cluster in use, or a fakecloud server through its API. */
export type StackTarget = 'docker' | 'kubernetes' | 'server';

/** A mistake in the file, where it is (1-based line and column), as an editor marks it. */
export interface StackProblem {
  message: string;
  line: number;
  column: number;
  /** The end of what is wrong, when known. */
  endLine?: number;
  endColumn?: number;
}

/** One item of the file, its paths resolved against the file's folder and its image chosen. */
export interface StackItem {
  kind: StackItemKind;
  /** Its name in the file: the cache's name, the instance's Name tag, the function's name. */
  name: string;
  target: StackTarget;
  /** The image it runs (caches and instances; a function's comes from its runtime). */
  image?: string;
  cache?: { engine: 'redis' | 'memcached'; port?: number; snapshot?: string };
  instance?: { userData?: string; tags: Record<string, string> };
  function?: { runtime: string; handler: string; code: string; environment: Record<string, string>; memory?: number; timeout?: number };
}

/** A file an Apply of the stack reads, as the plan lists it. */
export interface StackFileUse {
  kind: StackItemKind;
  item: string;
  role: 'user data' | 'code' | 'snapshot';
  /** As the stack file gives it, relative to its folder. */
  given: string;
  /** Where it really is (links resolved): inside the stack file's folder. */
  path: string;
}

export interface Stack {
  /** The stack's name: its resources carry it (and the folder's key, so two workspaces never share one). */
  name: string;
  /** The file it was read from. */
  file: string;
  /** The fakecloud server its `on: server` items are made on, when the file names one. */
  server?: string;
  items: StackItem[];
  /** The files applying it reads, each inside the file's folder. */
  files?: StackFileUse[];
}

/** What a resource looks like to the planner: enough to tell create, change, keep, remove and conflict apart. */
export interface StackResource {
  kind: StackItemKind;
  name: string;
  resourceId: string;
  image: string;
  /** Ours (made by this extension), a fakecloud server's, or unknown. */
  owner: 'ours' | 'fakecloud' | 'unknown';
  /** The stack that made it, with the key of the folder its file is in. */
  stack?: { name: string; scope: string };
  port?: number;
}

export type PlanAction = 'create' | 'change' | 'keep' | 'remove' | 'conflict';

export interface PlanStep {
  action: PlanAction;
  kind: StackItemKind;
  name: string;
  /** Why, in words: "image redis:7 → redis:7.2 (health-gated update)", "a fakecloud server's cache of that name". */
  reason: string;
  /** The existing resource it concerns, if any. */
  resourceId?: string;
  /** On a fakecloud server: which one, and the id its API knows the resource by. */
  server?: string;
  awsId?: string;
  item?: StackItem;
}

/** What applying one step came to. */
export interface StackOutcome {
  action: PlanAction;
  kind: StackItemKind;
  name: string;
  /** done: made, changed or removed; kept: nothing to do; failed: it could not be; skipped: not attempted. */
  result: 'done' | 'kept' | 'failed' | 'skipped';
  message: string;
}

export interface StackPlan {
  stack: string;
  scope: string;
  steps: PlanStep[];
  /** The files applying it reads (shown with the plan). */
  files?: StackFileUse[];
}

/** How many steps of each action a plan has. */
export function planCounts(steps: readonly PlanStep[]): Record<PlanAction, number> {
  const c = { create: 0, change: 0, keep: 0, remove: 0, conflict: 0 };
  for (const s of steps) c[s.action]++;
  return c;
}
