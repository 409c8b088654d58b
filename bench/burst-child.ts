// Runs the per-vendor burst bench in a fresh process (see bench/run.ts) and prints its table as JSON.
import { installProbes } from './probes.js';
import { benchVendorBursts } from './vendor-bench.js';

installProbes();
const table = await benchVendorBursts();
process.stdout.write(`${JSON.stringify(table)}\n`);
// The fakes' and apps' handles are closed; anything a library left open must not keep the step alive.
process.exit(0);
