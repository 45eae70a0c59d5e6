// Checks that a file is a Redis RDB before anything is created from it or
// reported as saved: "REDIS" and a four-digit version. Pure over the first bytes.
export function rdbHeaderProblem(head: Buffer, size: number): string | undefined {
  if (size < 9) return `it is ${size} bytes, too small for an RDB file`;
  if (head.subarray(0, 5).toString('ascii') !== 'REDIS') return 'it does not start with "REDIS" (not an RDB file)';
  if (!/^\d{4}$/.test(head.subarray(5, 9).toString('ascii'))) return 'its RDB version is not four digits (corrupt header)';
  return undefined;
}
