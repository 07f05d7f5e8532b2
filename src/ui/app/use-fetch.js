import { useEffect, useState } from "preact/hooks";

// Loads `load()` whenever `key` changes; a stale answer never overwrites a newer one.
export function useFetch(load, key) {
  const [state, setState] = useState({ loading: true });
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ loading: false, data }),
      (error) => live && setState({ loading: false, error }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return state;
}
