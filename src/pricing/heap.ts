/**
 * The first few of many items in order, without sorting them all: a credit pool drains through
 * the earliest burns of a whole tenant's period and is usually empty long before the last, and a
 * fee's remainder goes to the few lowest ticket ids. A binary heap is built in linear time and
 * gives each next item in logarithmic time; what is left stays unordered.
 * @module
 */
export interface Ascending<T> {
  /** The smallest item not taken yet, or undefined when none is left. */
  next(): T | undefined;
  /** Every item not taken yet, in no particular order. */
  rest(): readonly T[];
}

/** The items in ascending order of `compare`, taken one by one; `items` is not changed. */
export function ascending<T>(items: readonly T[], compare: (a: T, b: T) => number): Ascending<T> {
  const heap = items.slice();
  let size = heap.length;
  const down = (from: number) => {
    let i = from;
    const item = heap[i]!;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && compare(heap[right]!, heap[left]!) < 0 ? right : left;
      if (compare(heap[child]!, item) >= 0) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = item;
  };
  for (let i = (size >> 1) - 1; i >= 0; i--) down(i);
  return {
    next() {
      if (size === 0) return undefined;
      const top = heap[0]!;
      size -= 1;
      if (size > 0) {
        heap[0] = heap[size]!;
        down(0);
      }
      heap.length = size;
      return top;
    },
    rest: () => heap,
  };
}
