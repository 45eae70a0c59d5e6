// Lambda-shaped functions: deploy and invoke payloads, and the checks both the
// client (as the user types) and the service (before anything is created) make. Pure.

export interface FunctionDeployParams {
  name: string;
  /** A key of the fakecloud.images.functionRuntimes setting, e.g. "nodejs20.x". */
  runtime: string;
  /** "index.handler": file (module) and export. */
  handler: string;
  /** Absolute path of the folder whose contents go to /var/task. */
  codePath: string;
  environment?: Record<string, string>;
  /** Where it runs: Docker (the default) or the Kubernetes cluster in use. */
  backend?: 'docker' | 'kubernetes';
  /** Memory in MB (128–10240) and timeout in seconds (1–900), as Lambda takes them. */
  memory?: number;
  timeout?: number;
  /** The stack that deploys it (its name, and the key of its file's folder). */
  stack?: { name: string; scope: string };
  operationId?: string;
}

export interface FunctionDeployResult {
  name: string;
  containerId: string;
  containerName: string;
  endpoint: { host: string; port: number };
  /** Files and bytes copied to /var/task. */
  files: number;
  bytes: number;
  waitedMs: number;
}

export interface InvokeResult {
  /** HTTP status of the invoke API. */
  statusCode: number;
  /** The response body as the function returned it. */
  body: string;
  /** Set when the body is an error the function raised (errorType/errorMessage). */
  functionError?: string;
  /** Round trip of the invoke request, in ms. */
  durationMs: number;
  /** The function's log lines for this invocation (START … REPORT). */
  logs: string[];
}

/** fakecloud.images.functionRuntimes' default: runtime → the AWS base image fakecloud uses for it. */
export const DEFAULT_FUNCTION_IMAGES: Record<string, string> = {
  'nodejs22.x': 'public.ecr.aws/lambda/nodejs:22',
  'nodejs20.x': 'public.ecr.aws/lambda/nodejs:20',
  'python3.13': 'public.ecr.aws/lambda/python:3.13',
  'python3.12': 'public.ecr.aws/lambda/python:3.12',
  'ruby3.3': 'public.ecr.aws/lambda/ruby:3.3',
  java21: 'public.ecr.aws/lambda/java:21',
  'provided.al2023': 'public.ecr.aws/lambda/provided:al2023',
};

/** Lambda function names: letters, digits, hyphens, underscores; at most 64. */
export function validateFunctionName(name: string): string | undefined {
  if (name.length === 0) return 'Enter a name.';
  if (name.length > 64) return `At most 64 characters (this is ${name.length}).`;
  const bad = /[^A-Za-z0-9_-]/.exec(name);
  if (bad) return `Only letters, digits, hyphens and underscores (not "${bad[0]}").`;
  return undefined;
}

/**
 * Node.js, Python, Ruby: "index.handler", "src/app.main" (a module path, a dot,
 * an export name). Other runtimes name handlers their own way (Java's
 * "pkg.Class::method", custom runtimes anything): only its form is checked.
 */
export function validateHandler(handler: string, runtime = 'nodejs'): string | undefined {
  if (handler.length === 0) return 'Enter a handler, e.g. index.handler.';
  if (handler.length > 128) return 'At most 128 characters.';
  if (/\s/.test(handler)) return 'No spaces.';
  if (!/^(nodejs|python|ruby)/.test(runtime)) return undefined;
  const m = /^(\S+)\.([A-Za-z_$][\w$]*)$/.exec(handler);
  if (!m) return 'Use file.export, e.g. index.handler (the file without its extension, then the exported function).';
  if (m[1].split('/').some((seg) => seg === '..' || seg === '')) return 'The file must be inside the code folder.';
  return undefined;
}

/** `KEY=value` per line (or separated by commas when on one line). */
export function parseEnvironment(input: string): { env: Record<string, string> } | { error: string } {
  const env: Record<string, string> = {};
  const parts = input.includes('\n') ? input.split('\n') : input.split(',');
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return { error: `"${part}" is not KEY=value` };
    const key = part.slice(0, eq).trim();
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(key))
      return { error: `"${key}" is not a valid variable name (letters, digits, underscores; a letter first)` };
    if (/^AWS_/.test(key) || key === '_HANDLER' || key === 'LAMBDA_TASK_ROOT' || key === 'LAMBDA_RUNTIME_DIR')
      return { error: `${key} is reserved by Lambda` };
    if (key in env) return { error: `${key} is given twice` };
    env[key] = part.slice(eq + 1).trim();
  }
  return { env };
}

/** The invoke payload must be JSON; the error says where it breaks. */
export function checkPayload(text: string): { json: string } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { json: '{}' };
  try {
    JSON.parse(trimmed);
    return { json: trimmed };
  } catch (err) {
    return { error: `the payload is not valid JSON: ${(err as Error).message}` };
  }
}

/** The response as the editor shows it: pretty JSON when it is JSON, else as it came. */
export function prettyBody(body: string): { text: string; json: boolean } {
  try {
    return { text: JSON.stringify(JSON.parse(body), null, 2), json: true };
  } catch {
    return { text: body, json: false };
  }
}

/** A Lambda error body ({errorType, errorMessage}) names the error; anything else is a result. */
export function functionErrorOf(body: string): string | undefined {
  try {
    const v = JSON.parse(body) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v) && 'errorMessage' in v && ('errorType' in v || Object.keys(v).length <= 3)) {
      const o = v as { errorType?: unknown; errorMessage?: unknown };
      return `${typeof o.errorType === 'string' ? `${o.errorType}: ` : ''}${String(o.errorMessage)}`;
    }
  } catch {
    // not JSON: a plain result
  }
  return undefined;
}

/**
 * Why an HTTP answer did not come from a Lambda invoke API, or undefined when it may have. The emulator answers 200
 * (a function's own error included) with the function's result; an HTML page or any other status is someone else's
 * server on that port, or the emulator refusing, and never the function's response. Pure.
 */
export function notLambdaAnswer(res: { status: number; contentType: string; body: string }): string | undefined {
  const snippet = res.body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  if (res.status < 200 || res.status > 299) return `HTTP ${res.status}${snippet ? ` (${snippet})` : ''}`;
  if (/text\/html/i.test(res.contentType) || /^\s*<(!doctype|html)/i.test(res.body)) return `an HTML page${snippet ? ` (${snippet})` : ''}`;
  return undefined;
}
