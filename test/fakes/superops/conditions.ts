// ListInfoInput as the fake applies it: filter conditions, sorting and page/pageSize paging (support 6632220).
export interface Condition {
  attribute?: string | null;
  operator?: string | null;
  value?: unknown;
  joinOperator?: string | null;
  operands?: Condition[] | null;
}

export interface ListInfoArgs {
  page?: number | null;
  pageSize?: number | null;
  condition?: Condition | null;
  sort?: Array<{ attribute?: string | null; order?: 'ASC' | 'DESC' | null } | null> | null;
}

/** What an entity offers to filters: attribute path -> value (a string, a list of strings, a number, null). */
export type Filterable = Record<string, unknown>;

/**
 * A filter SuperOps does not serve. Live, `equals` and `in` answer HTTP 500 (vendor-apis.md errata); the fake
 * answers every operator or attribute outside the documented ones the same way, so a client that strays from
 * the reference fails loudly here too.
 */
export class UnsupportedFilter extends Error {}

const LIVE_FAILING = new Set(['equals', 'in']);
// Operators by data type, as support article 6632220 lists them.
const OPERATORS = new Set([
  'is',
  'isNot',
  'isEmpty',
  'isNotEmpty',
  'startsWith',
  'endsWith',
  'contains',
  'notContains',
  'includes',
  'notIncludes',
  'greaterThan',
  'greaterThanOrEqual',
  'lessThan',
  'lessThanOrEqual',
  'on',
  'between',
  'after',
  'before',
]);

/** "operators ... based on the data type of the attribute" (support 6632220): these compare one string. */
const STRING_OPERATORS = new Set(['is', 'isNot', 'contains', 'notContains', 'startsWith', 'endsWith']);
/** These take a list: the article's ticket example is `status includes ["Resolved", "Closed"]`. */
const LIST_OPERATORS = new Set(['includes', 'notIncludes']);

const lower = (v: unknown): string => (v === null || v === undefined ? '' : String(v).toLowerCase());
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === null || v === undefined ? [] : [v]);

function leaf(condition: Condition, record: Filterable): boolean {
  const operator = condition.operator ?? '';
  if (LIVE_FAILING.has(operator))
    throw new UnsupportedFilter(`operator ${operator} fails on SuperOps (HTTP 500)`);
  if (!OPERATORS.has(operator)) throw new UnsupportedFilter(`unknown operator ${operator}`);
  const attribute = condition.attribute ?? '';
  if (!Object.hasOwn(record, attribute))
    throw new UnsupportedFilter(`attribute ${attribute} cannot be filtered`);
  const actual = listOf(record[attribute]);
  const value = condition.value;
  // A value of the wrong shape is refused rather than guessed at (an `is` with a list is not an `in`): the
  // documented examples give string operators a string and `includes` a list [INFERRED that others fail live].
  if (
    STRING_OPERATORS.has(operator) &&
    (Array.isArray(value) || (value !== null && typeof value === 'object'))
  )
    throw new UnsupportedFilter(`operator ${operator} takes one string, not ${JSON.stringify(value)}`);
  if (LIST_OPERATORS.has(operator) && !Array.isArray(value))
    throw new UnsupportedFilter(`operator ${operator} takes a list of values`);
  const text = lower(value);
  const anyActual = (test: (a: string) => boolean) => actual.some((a) => test(lower(a)));
  switch (operator) {
    case 'is':
      return listOf(value).some((v) => anyActual((a) => a === lower(v)));
    case 'isNot':
      return !listOf(value).some((v) => anyActual((a) => a === lower(v)));
    case 'contains':
      return anyActual((a) => a.includes(text));
    case 'notContains':
      return !anyActual((a) => a.includes(text));
    case 'startsWith':
      return anyActual((a) => a.startsWith(text));
    case 'endsWith':
      return anyActual((a) => a.endsWith(text));
    case 'includes':
      return listOf(value).some((v) => anyActual((a) => a === lower(v)));
    case 'notIncludes':
      return !listOf(value).some((v) => anyActual((a) => a === lower(v)));
    case 'isEmpty':
      return actual.every((a) => lower(a) === '');
    case 'isNotEmpty':
      return actual.some((a) => lower(a) !== '');
    case 'greaterThan':
      return actual.some((a) => Number(a) > Number(value));
    case 'greaterThanOrEqual':
      return actual.some((a) => Number(a) >= Number(value));
    case 'lessThan':
      return actual.some((a) => Number(a) < Number(value));
    case 'lessThanOrEqual':
      return actual.some((a) => Number(a) <= Number(value));
    case 'after':
      return actual.some((a) => Date.parse(String(a)) > Date.parse(String(value)));
    case 'before':
      return actual.some((a) => Date.parse(String(a)) < Date.parse(String(value)));
    case 'on':
      return actual.some((a) => String(a).slice(0, 10) === String(value).slice(0, 10));
    case 'between': {
      const [from, to] = listOf(value).map((v) => Date.parse(String(v)));
      return actual.some((a) => {
        const t = Date.parse(String(a));
        return t >= (from ?? Number.NEGATIVE_INFINITY) && t <= (to ?? Number.POSITIVE_INFINITY);
      });
    }
    default:
      throw new UnsupportedFilter(`operator ${operator}`);
  }
}

/** True when the record passes the condition; no condition passes everything. */
export function matches(condition: Condition | null | undefined, record: Filterable): boolean {
  if (!condition) return true;
  if (condition.operands && condition.operands.length > 0) {
    // Only an uppercase "AND" joins with AND; anything else is silently OR (vendor-apis.md errata).
    const results = condition.operands.map((operand) => matches(operand, record));
    return condition.joinOperator === 'AND' ? results.every(Boolean) : results.some(Boolean);
  }
  if (!condition.attribute && !condition.operator) return true;
  return leaf(condition, record);
}

/** Largest page SuperOps serves ("Maximum 100 records per API request"). */
export const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 20;

export interface PagedList<T> {
  items: T[];
  listInfo: {
    page: number;
    pageSize: number;
    sort: unknown;
    condition: unknown;
    hasMore: boolean | null;
    totalCount?: number;
  };
}

/**
 * Filters, sorts and pages. `hasMore` is true while more remain and null on the last page (live-observed),
 * never false. `omitTotalCount` plays a SuperOps that leaves the count out.
 */
export function listPage<T>(
  all: readonly T[],
  view: (item: T) => Filterable,
  args: ListInfoArgs | null | undefined,
  options: { omitTotalCount?: boolean } = {},
): PagedList<T> {
  const page = Math.max(1, args?.page ?? 1);
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, args?.pageSize ?? DEFAULT_PAGE_SIZE));
  let filtered = all.filter((item) => matches(args?.condition, view(item)));
  const sorts = (args?.sort ?? []).filter((s): s is { attribute: string; order?: 'ASC' | 'DESC' | null } =>
    Boolean(s?.attribute),
  );
  if (sorts.length > 0) {
    filtered = [...filtered].sort((a, b) => {
      for (const sort of sorts) {
        const va = view(a);
        const vb = view(b);
        if (!Object.hasOwn(va, sort.attribute))
          throw new UnsupportedFilter(`cannot sort by ${sort.attribute}`);
        const cmp = lower(va[sort.attribute]).localeCompare(lower(vb[sort.attribute]));
        if (cmp !== 0) return sort.order === 'DESC' ? -cmp : cmp;
      }
      return 0;
    });
  }
  const start = (page - 1) * pageSize;
  const items = filtered.slice(start, start + pageSize);
  return {
    items,
    listInfo: {
      page,
      pageSize,
      sort: args?.sort ?? null,
      condition: args?.condition ?? null,
      hasMore: start + pageSize < filtered.length ? true : null,
      ...(options.omitTotalCount ? {} : { totalCount: filtered.length }),
    },
  };
}
