import { useEffect } from "react";

/** Sets the document title of a page ("… · MusicVideo"). */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · MusicVideo`;
  }, [title]);
}
