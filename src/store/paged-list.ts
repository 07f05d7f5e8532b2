/**
 * mlflow.store.entities.PagedList: one page of search results is a list of the results that also
 * carries `token`, the page token of the next page (null on the last page).
 */
export class PagedList<T> extends Array<T> {
  /** Pass as `pageToken` to the same search for the next page; null when this is the last. */
  declare token: string | null;

  // MLflow's PagedList is a list: what map/filter/slice/concat derive from a page is a plain list.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  constructor(items: Iterable<T> = [], token: string | null = null) {
    // Not super(...items): a single numeric item would become a length, as in new Array(3).
    super();
    // PagedList.of and PagedList.from (inherited from Array) construct it with a length.
    if (typeof items === "number") this.length = items;
    else for (const item of items) this.push(item);
    // Not enumerable, so a page deep-equals an array of the same items (expect().toEqual, assert.deepEqual).
    Object.defineProperty(this, "token", { value: token, writable: true, configurable: true, enumerable: false });
  }

  /** PagedList.to_list: a plain array of the same items. */
  toList(): T[] {
    return Array.from(this);
  }

  /** @deprecated The page is the list itself: iterate it, index it, use `.length`. Kept for one release. */
  get items(): T[] {
    // The page itself, not a copy: the same array on every read, as the old field was.
    return this;
  }

  /** @deprecated Use `token`, as in MLflow. Kept for one release. */
  get nextPageToken(): string | null {
    return this.token;
  }
}

/**
 * Every item of a paged search, page after page until the last (or until `max` items): `fetch`
 * is called with each page's token, null for the first.
 */
export async function collectPages<T>(fetch: (pageToken: string | null, wanted: number) => Promise<PagedList<T>>, max = Infinity): Promise<T[]> {
  const items: T[] = [];
  let token: string | null = null;
  do {
    const page: PagedList<T> = await fetch(token, max - items.length);
    for (const item of page) {
      if (items.length >= max) break;
      items.push(item);
    }
    token = page.token;
  } while (token && items.length < max);
  return items;
}
