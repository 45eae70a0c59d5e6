// The result of Update Image, shared by the client and the service.
export interface UpdateResultPayload {
  outcome: 'updated' | 'rolled-back';
  container: string;
  oldImageRef: string;
  newImageRef: string;
  reason?: 'crashed' | 'health-timeout' | 'failed';
  detail?: string;
  restoredFrom?: string;
  warnings: string[];
  steps: string[];
}

/** How an update's result reads in a notification, in the window that asked and in every other. Pure. */
export function updateOutcome(name: string, res: UpdateResultPayload): { level: 'info' | 'warning'; message: string } {
  if (res.outcome === 'updated')
    return { level: 'info', message: `${name} updated to ${res.newImageRef}.${res.warnings.length ? ` ${res.warnings.join(' ')}` : ''}` };
  const why = res.reason === 'crashed' ? 'crashed' : res.reason === 'health-timeout' ? 'was not healthy' : 'failed';
  return {
    level: 'warning',
    message: `${name} rolled back to ${res.oldImageRef}: ${res.newImageRef} ${why} (${res.detail ?? 'no reason given'}).`,
  };
}
