// Runs the index memory bench in a fresh process (so its RSS is the index's, not the app benches') and prints JSON.
import { benchSearch } from './search-bench.js';

const rows = await benchSearch({ sizes: [] });
process.stdout.write(`${JSON.stringify(rows)}\n`);
