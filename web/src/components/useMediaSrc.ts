import { useEffect, useState } from "react";
import { apiFetch, apiUrl, currentApiKey, isApiUrl } from "../api/client";

export interface MediaSource {
  src: string | null;
  loading: boolean;
  error: string | null;
}

/**
 * A playable src for a media URL. Without an API key the element streams the URL itself (range requests, no copy);
 * with a key the bytes are fetched with the X-API-Key header into a blob: URL, so the key never appears in a URL.
 * `alwaysFetch` fetches even without a key (images: explicit per-image loading and error states).
 */
export function useMediaSrc(url: string | null | undefined, alwaysFetch = false): MediaSource {
  const [state, setState] = useState<MediaSource>({ src: null, loading: !!url, error: null });

  useEffect(() => {
    if (!url) {
      setState({ src: null, loading: false, error: null });
      return;
    }
    if (!isApiUrl(url) || (!alwaysFetch && !currentApiKey())) {
      setState({ src: apiUrl(url), loading: false, error: null });
      return;
    }
    const abort = new AbortController();
    let objectUrl: string | null = null;
    setState({ src: null, loading: true, error: null });
    apiFetch(url, { signal: abort.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(`could not be loaded (HTTP ${response.status})`);
        objectUrl = URL.createObjectURL(await response.blob());
        if (!abort.signal.aborted) setState({ src: objectUrl, loading: false, error: null });
      })
      .catch((error: unknown) => {
        if (!abort.signal.aborted) setState({ src: null, loading: false, error: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      abort.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url, alwaysFetch]);

  return state;
}
