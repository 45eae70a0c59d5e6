// What a faithful recreate creates (everything the old container was made with, so nothing is lost): the inspected Config with
// Image exactly as written, the whole HostConfig, user network settings, a
// Docker-assigned hostname dropped, anonymous volumes re-attached. Settings that
// merely repeat the old image's defaults are left out, so the new image's own
// (ENV, CMD, ENTRYPOINT, HEALTHCHECK…) apply — otherwise old image ENV sticks
// after an update (Watchtower #1342). Pure.

export interface InspectedContainer {
  Id: string;
  Name: string;
  Config: Record<string, unknown> & { Image: string; Hostname?: string; Env?: string[] | null; Labels?: Record<string, string> | null };
  HostConfig: Record<string, unknown> & {
    NetworkMode?: string;
    Mounts?: { Type?: string; Source?: string; Target?: string }[] | null;
    Binds?: string[] | null;
  };
  NetworkSettings?: {
    Networks?: Record<string, { Aliases?: string[] | null; IPAMConfig?: unknown; Links?: string[] | null; NetworkID?: string }> | null;
  };
  Mounts?: { Type?: string; Name?: string; Destination?: string }[];
}

export interface ImageDefaults {
  Env?: string[] | null;
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  Labels?: Record<string, string> | null;
  WorkingDir?: string;
  User?: string;
  Healthcheck?: unknown;
  StopSignal?: string;
  ExposedPorts?: Record<string, unknown> | null;
  Volumes?: Record<string, unknown> | null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function recreateOptions(c: InspectedContainer, oldImage: ImageDefaults, newImage: string): Record<string, unknown> {
  const config: Record<string, unknown> = { ...c.Config, Image: newImage };
  // Docker names a container's host after its short id: the new one gets its own.
  if (typeof c.Config.Hostname === 'string' && c.Id.startsWith(c.Config.Hostname)) delete config.Hostname;
  const oldEnv = new Set(oldImage.Env ?? []);
  const env = (c.Config.Env ?? []).filter((e) => !oldEnv.has(e));
  if (env.length) config.Env = env;
  else delete config.Env;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.Config.Labels ?? {})) if (oldImage.Labels?.[k] !== v) labels[k] = v;
  config.Labels = labels;
  for (const key of ['Cmd', 'Entrypoint', 'WorkingDir', 'User', 'Healthcheck', 'StopSignal', 'ExposedPorts', 'Volumes'] as const) {
    if (same(c.Config[key], oldImage[key])) delete config[key];
  }

  const hostConfig: Record<string, unknown> = { ...c.HostConfig };
  // Anonymous volumes (named by Docker with 64 hex digits) re-attached by name, or their data is stranded.
  const declared = new Set([
    ...(c.HostConfig.Mounts ?? []).map((m) => m.Target),
    ...(c.HostConfig.Binds ?? []).map((b) => b.split(':')[1]),
  ]);
  const anonymous = (c.Mounts ?? []).filter(
    (m) => m.Type === 'volume' && m.Name && /^[0-9a-f]{64}$/.test(m.Name) && m.Destination && !declared.has(m.Destination),
  );
  if (anonymous.length) {
    hostConfig.Mounts = [
      ...(c.HostConfig.Mounts ?? []),
      ...anonymous.map((m) => ({ Type: 'volume', Source: m.Name, Target: m.Destination })),
    ];
  }

  const opts: Record<string, unknown> = { name: c.Name.replace(/^\//, ''), ...config, HostConfig: hostConfig };
  const mode = c.HostConfig.NetworkMode ?? 'default';
  if (!['host', 'none', 'bridge', 'default'].includes(mode) && !mode.startsWith('container:')) {
    const shortId = c.Id.slice(0, 12);
    const endpoints: Record<string, unknown> = {};
    for (const [net, ep] of Object.entries(c.NetworkSettings?.Networks ?? {})) {
      const e: Record<string, unknown> = { Aliases: (ep.Aliases ?? []).filter((a) => a !== shortId) };
      if (ep.IPAMConfig) e.IPAMConfig = ep.IPAMConfig;
      if (ep.Links?.length) e.Links = ep.Links;
      endpoints[net] = e;
    }
    opts.NetworkingConfig = { EndpointsConfig: endpoints };
  }
  return opts;
}
