// Reading request parameters: a clear InvalidParams error for anything missing or of the wrong type.
import { RpcError } from '../../protocol/jsonRpcPeer';
import { ErrorCodes } from '../../protocol/rpc';

type Params = Record<string, unknown>;

function obj(params: unknown): Params {
  if (typeof params !== 'object' || params === null) throw new RpcError(ErrorCodes.InvalidParams, 'parameters must be an object');
  return params as Params;
}

export function str(params: unknown, key: string): string {
  const v = obj(params)[key];
  if (typeof v !== 'string' || v === '') throw new RpcError(ErrorCodes.InvalidParams, `${key} must be a non-empty string`);
  return v;
}

export function optStr(params: unknown, key: string): string | undefined {
  const v = obj(params)[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new RpcError(ErrorCodes.InvalidParams, `${key} must be a string`);
  return v;
}

export function num(params: unknown, key: string, min: number, max: number): number {
  const v = obj(params)[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
    throw new RpcError(ErrorCodes.InvalidParams, `${key} must be a number from ${min} to ${max}`);
  return v;
}

export function bool(params: unknown, key: string): boolean {
  const v = obj(params)[key];
  if (typeof v !== 'boolean') throw new RpcError(ErrorCodes.InvalidParams, `${key} must be true or false`);
  return v;
}
