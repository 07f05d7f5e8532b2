/**
 * Merges sorted iterators into one sorted iterator, lazily: a caller that stops after the first
 * n items reads little more than n from the inputs. Stable: ties keep the inputs' order.
 */
export function* mergeSorted<T>(inputs: Iterable<T>[], compare: (a: T, b: T) => number): Generator<T> {
  const iters = inputs.map((input) => input[Symbol.iterator]());
  const heads = iters.map((it) => it.next());
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      if (heads[i]!.done) continue;
      if (best < 0 || compare(heads[i]!.value as T, heads[best]!.value as T) < 0) best = i;
    }
    if (best < 0) return;
    yield heads[best]!.value as T;
    heads[best] = iters[best]!.next();
  }
}
