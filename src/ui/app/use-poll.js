// Live updates by polling: `tick()` runs every `intervalMs` while `active` (e.g. while a shown run
// is RUNNING) and the tab is visible; a tab shown again polls at once. One tick at a time: the
// next is scheduled when the last one has settled, so a slow server is never asked twice.
// Why polling and not Server-Sent Events: docs/ui.md ("Live updates").
import { useEffect, useRef } from "preact/hooks";

export const POLL_MS = 2000;

export function usePoll(tick, { active, intervalMs = POLL_MS }) {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!active) return undefined;
    let stopped = false;
    let busy = false;
    let timer;
    const schedule = () => {
      clearTimeout(timer);
      if (!stopped && !document.hidden) timer = setTimeout(run, intervalMs);
    };
    const run = async () => {
      if (stopped || busy || document.hidden) return;
      busy = true;
      try {
        await latest.current();
      } catch {
        // A failed poll is retried at the next one; the page shows its last good data.
      } finally {
        busy = false;
      }
      schedule();
    };
    const onVisibility = () => (document.hidden ? clearTimeout(timer) : run());
    document.addEventListener("visibilitychange", onVisibility);
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [active, intervalMs]);
}
