import { useCallback, useState } from "react";

/** useState kept in sessionStorage, so the create form survives going to a job and back (and a reload). */
export function useSessionState<T>(key: string, initial: T): [T, (value: T | ((current: T) => T)) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const stored = sessionStorage.getItem(key);
      return stored === null ? initial : (JSON.parse(stored) as T);
    } catch {
      return initial;
    }
  });
  const set = useCallback(
    (next: T | ((current: T) => T)) => {
      setValue((current) => {
        const resolved = typeof next === "function" ? (next as (c: T) => T)(current) : next;
        try {
          sessionStorage.setItem(key, JSON.stringify(resolved));
        } catch {
          // Storage full or disabled: the value still lives in memory.
        }
        return resolved;
      });
    },
    [key],
  );
  return [value, set];
}
