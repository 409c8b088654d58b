// A rough heap size of a plain record, so the index registry can bound memory without walking the heap.

/** V8-ish costs: a header per object/array/string, 8 bytes per slot; one byte per Latin-1 character. */
export function estimateBytes(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') return 16 + value.length;
  if (typeof value === 'number' || typeof value === 'boolean') return 8;
  if (Array.isArray(value)) {
    let bytes = 16 + value.length * 8;
    for (const item of value) bytes += estimateBytes(item);
    return bytes;
  }
  if (typeof value === 'object') {
    let bytes = 24;
    for (const item of Object.values(value)) bytes += 8 + estimateBytes(item);
    return bytes;
  }
  return 8;
}
