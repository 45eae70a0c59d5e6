// The service's command line: node dist/service.js [--idle-timeout S] [--docker-host URL] [--foreground]. Pure.
import { SETTING_LIMITS, outOfRange } from '../protocol/settingLimits';

export interface ServiceArgs {
  idleTimeoutSeconds: number;
  dockerHost?: string;
  foreground: boolean;
  help: boolean;
}

export const USAGE = 'usage: node service.js [--idle-timeout SECONDS] [--docker-host URL] [--foreground]';

/** The arguments, or an error that says which one is wrong. */
export function parseServiceArgs(argv: string[]): ServiceArgs {
  const args: ServiceArgs = { idleTimeoutSeconds: 300, foreground: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--idle-timeout') {
      const n = Number(value());
      const bad = outOfRange('service.idleShutdownSeconds', n);
      if (bad)
        throw new Error(`--idle-timeout takes seconds from 0 (never) to ${SETTING_LIMITS['service.idleShutdownSeconds'].max}: ${bad}`);
      args.idleTimeoutSeconds = n;
    } else if (a === '--docker-host') args.dockerHost = value();
    else if (a === '--foreground') args.foreground = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}
