// The port-forwards this window opened (they close with it, or with Stop Port Forward).
export interface OpenForward {
  forwardId: string;
  label: string;
  localPort: number;
  remotePort: number;
}

export const openForwards = new Map<string, OpenForward>();
