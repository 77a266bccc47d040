import { useMediaSrc } from "./useMediaSrc";

interface Props {
  url: string;
  kind: "video" | "audio";
  label: string;
  testId?: string;
}

/** A video or audio player for an API media URL (streamed directly, or through a blob: URL when an API key is in use). */
export function MediaPlayer({ url, kind, label, testId }: Props) {
  const media = useMediaSrc(url);
  if (media.error) {
    return (
      <p className="error-text" role="alert">
        {label} could not be loaded: {media.error}
      </p>
    );
  }
  if (!media.src) {
    return (
      <p className="hint" role="status">
        <span className="spinner" aria-hidden="true" /> Loading {label.toLowerCase()}…
      </p>
    );
  }
  return kind === "video" ? (
    <video className="player" src={media.src} controls preload="metadata" playsInline aria-label={label} data-testid={testId} />
  ) : (
    <audio src={media.src} controls preload="metadata" aria-label={label} data-testid={testId} />
  );
}
