// Percentiles and markdown tables for the bench output and bench/RESULTS.md.

/** Nearest-rank percentile of unsorted samples; null when there are none. */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] ?? null;
}

export function ms(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  return `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ms`;
}

export function num(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function verdict(pass: boolean | undefined): string {
  if (pass === undefined) return 'info';
  return pass ? 'PASS' : '**MISS**';
}

export interface Table {
  title: string;
  /** One paragraph under the title: what was run, at what scale. */
  setup: string;
  head: string[];
  rows: string[][];
  notes?: string[];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function markdown(table: Table): string {
  const lines = [`### ${table.title}`, '', table.setup, ''];
  lines.push(`| ${table.head.map(cell).join(' | ')} |`);
  lines.push(`|${table.head.map(() => '---').join('|')}|`);
  for (const row of table.rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  for (const note of table.notes ?? []) lines.push('', note);
  return lines.join('\n');
}
