// Method and notification names with their payloads: the contract between the
// extension (client) and the backend service.
import type { BackendStatus, ModelDiff, ModelSnapshot } from './model';

/** Bumped on any incompatible change of the messages below. */
export const PROTOCOL_VERSION = 1;

export interface HelloParams {
  token: string;
  protocolVersion: number;
  clientVersion: string;
  clientBuild: string;
  /** Shown in the service log. */
  clientName: string;
}

export interface HelloResult {
  protocolVersion: number;
  serviceVersion: string;
  serviceBuild: string;
  pid: number;
}

export interface ServiceSettings {
  /** fakecloud.docker.host; empty means resolve from the environment. */
  dockerHost?: string;
  /** Seconds between fallback re-lists while a view is visible. */
  fallbackPollSeconds?: number;
}

export interface ServiceStatus {
  pid: number;
  version: string;
  build: string;
  clients: number;
  uptimeMs: number;
  operationsInFlight: number;
  idleShutdownMs: number;
  /** Docker API requests the service has sent, for the idle-traffic benchmark. */
  dockerRequests: number;
  rssBytes: number;
}

export interface LogLine {
  time: number;
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

/** Requests: name → [params, result]. */
export interface Methods {
  hello: [HelloParams, HelloResult];
  shutdown: [{ reason: string }, { ok: true }];
  'service/status': [Record<string, never>, ServiceStatus];
  'client/configure': [ServiceSettings, { ok: true }];
  'client/viewVisible': [{ visible: boolean }, { ok: true }];
  'model/subscribe': [Record<string, never>, ModelSnapshot];
  'model/refresh': [Record<string, never>, ModelSnapshot];
  'backend/reconnect': [Record<string, never>, { backends: BackendStatus[] }];
  'log/subscribe': [Record<string, never>, { lines: LogLine[] }];
}

/** Notifications the service pushes: name → params. */
export interface Notifications {
  'model/changed': ModelDiff;
  'log/line': LogLine;
}

export type MethodName = keyof Methods;
export type NotificationName = keyof Notifications;

export const ErrorCodes = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  Internal: -32603,
  Unauthorized: -32001,
  ProtocolMismatch: -32002,
  Timeout: -32003,
  BackendUnavailable: -32004,
  ShuttingDown: -32005,
} as const;
