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
