// Stands in for the `ssh2` package in the service bundle. docker-modem loads it at
// start for its ssh:// transport, which we do not offer (modemOptions refuses
// ssh:// with a clear message); bundling ssh2 would bring a native addon.
// A class, as docker-modem constructs it; it only refuses.
// eslint-disable-next-line @typescript-eslint/no-extraneous-class
export class Client {
  constructor() {
    throw new Error('ssh:// Docker hosts are not supported by Fakecloud Explorer');
  }
}
