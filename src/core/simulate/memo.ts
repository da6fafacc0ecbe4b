/**
 * Memoisation by object identity that never serves a stale result. A batch simulates thousands of
 * profiles with the same config and settings objects, so the work that depends on those alone
 * (resolving settings, lint, the type plan) is kept per object. A host may still change an object
 * in place between two calls (the editor does), so every hit is first checked against a copy of
 * the object's content taken when the entry was made: a changed object is a miss, and its entry
 * is rebuilt. Objects that are not plain data (class instances, functions, very deep or very large
 * values) are never memoised; they are simply worked out on every call.
 */

/**
 * A copy of an object's own enumerable keys, in order, and their values, or of an array's items.
 * Told apart by a field rather than by class: `instanceof` is slow where a build tool renames
 * classes, and this check runs on every call.
 */
interface RecordCopy {
  record: true;
  keys: string[];
  values: Copy[];
}

interface ArrayCopy {
  record: false;
  items: Copy[];
}

type Copy = string | number | boolean | null | undefined | bigint | RecordCopy | ArrayCopy;

/** Deeper or larger values than this are not memoised (copying them would cost more than it saves). */
const MAX_DEPTH = 16;
const MAX_NODES = 4096;

/** A value's content as plain data, or undefined when it is not plain data. */
export class ContentCopy {
  private constructor(private readonly copy: Copy) {}

  static of(value: unknown): ContentCopy | undefined {
    const budget = { nodes: 0 };
    const copy = copyOf(value, 0, budget);
    return copy === UNCOPYABLE ? undefined : new ContentCopy(copy);
  }

  /** Whether `value` still has the content copied (same keys in the same order, same values). */
  matches(value: unknown): boolean {
    return sameAs(value, this.copy);
  }
}

const UNCOPYABLE = Symbol('uncopyable');

function copyOf(
  value: unknown,
  depth: number,
  budget: { nodes: number },
): Copy | typeof UNCOPYABLE {
  if (++budget.nodes > MAX_NODES || depth > MAX_DEPTH) return UNCOPYABLE;

  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return value;
    case 'object':
      break;
    default:
      return UNCOPYABLE;
  }
  if (value === null) return null;

  if (Array.isArray(value)) {
    const items: Copy[] = [];
    for (const item of value) {
      const copy = copyOf(item, depth + 1, budget);
      if (copy === UNCOPYABLE) return UNCOPYABLE;
      items.push(copy);
    }
    return { record: false, items };
  }

  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return UNCOPYABLE;

  const record = value as Record<string, unknown>;
  const keys: string[] = [];
  const values: Copy[] = [];
  for (const key in record) {
    const copy = copyOf(record[key], depth + 1, budget);
    if (copy === UNCOPYABLE) return UNCOPYABLE;
    keys.push(key);
    values.push(copy);
  }
  return { record: true, keys, values };
}

function sameAs(value: unknown, copy: Copy): boolean {
  // NaN never matches itself: such a value is simply worked out again.
  if (typeof copy !== 'object' || copy === null) return value === copy;

  if (copy.record) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;

    const record = value as Record<string, unknown>;
    const { keys, values } = copy;
    let i = 0;
    for (const key in record) {
      if (i >= keys.length || key !== keys[i] || !sameAs(record[key], values[i])) return false;
      i++;
    }
    return i === keys.length;
  }

  if (!Array.isArray(value)) return false;

  const items = copy.items;
  if (value.length !== items.length) return false;
  for (let i = 0; i < items.length; i++) if (!sameAs(value[i], items[i])) return false;
  return true;
}

/**
 * Values kept per object, each checked against the object's content on every read. Keys are held
 * weakly, so a config or settings object the host drops is not kept alive by the memo.
 */
export class ContentMemo<V> {
  private readonly entries = new WeakMap<object, { copy: ContentCopy; value: V }>();

  /** The value kept for `key`, if `key` still has the content it had when the value was kept. */
  get(key: object): V | undefined {
    const entry = this.entries.get(key);

    if (entry === undefined) return undefined;
    if (entry.copy.matches(key)) return entry.value;

    this.entries.delete(key);
    return undefined;
  }

  /** Keeps `value` for `key` if `key` is plain data; returns whether it was kept. */
  set(key: object, value: V): boolean {
    const copy = ContentCopy.of(key);

    if (copy === undefined) return false;

    this.entries.set(key, { copy, value });
    return true;
  }
}
