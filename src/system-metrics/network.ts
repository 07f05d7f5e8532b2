import { readProcFile, type Sampler } from "./sampler.js";

export interface NetworkBytes {
  received: number;
  transmitted: number;
}

/** psutil.net_io_counters(): bytes summed over every interface of /proc/net/dev, loopback included. */
export function parseNetDev(text: string): NetworkBytes | undefined {
  let received = 0;
  let transmitted = 0;
  let interfaces = 0;
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const fields = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (fields.length < 9 || fields.some(Number.isNaN)) continue;
    received += fields[0]!;
    transmitted += fields[8]!;
    interfaces++;
  }
  return interfaces ? { received, transmitted } : undefined;
}

/**
 * NetworkMonitor: megabytes since monitoring began, not averaged. Node has no network counters
 * of its own, so where /proc/net/dev is missing (macOS, Windows) these metrics are not logged.
 */
export function networkSampler(read = () => readProcFile("net/dev")): Sampler {
  const text = read();
  const initial = text !== undefined ? parseNetDev(text) : undefined;
  return {
    aggregation: "latest",
    sample(): Record<string, number> {
      const now = initial && parseNetDev(read() ?? "");
      if (!initial || !now) return {};
      return {
        network_receive_megabytes: now.received / 1e6 - initial.received / 1e6,
        network_transmit_megabytes: now.transmitted / 1e6 - initial.transmitted / 1e6,
      };
    },
  };
}
