// Names the machine a benchmark ran on, printed at the top of every benchmark.
import os from "node:os";

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `machine: ${cpu} (${os.cpus().length} logical cores), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.arch()}, node ${process.version}`;
}
