import { referenceUrl } from "../api/mv";
import { useMediaSrc } from "./useMediaSrc";

interface Props {
  name: string;
  label: string;
  /** The image id; null while the image is still being generated. */
  id: string | null;
  error?: string;
  selected: boolean;
  onSelect: () => void;
}

/** One candidate reference: a placeholder while generating, then the image (fetched by id) as a selectable radio. */
export function ReferenceImage({ name, label, id, error, selected, onSelect }: Props) {
  const image = useMediaSrc(id ? referenceUrl(id) : null, true);
  const failed = error ?? image.error;
  const state = failed ? "error" : !id || image.loading ? "loading" : "ready";

  return (
    <label className={`reference ${state}${selected ? " selected" : ""}`} data-state={state} data-image-id={id ?? undefined}>
      <input type="radio" name={name} checked={selected} disabled={state !== "ready"} onChange={onSelect} className="visually-hidden" />
      <span className="frame">
        {state === "ready" && image.src ? (
          <img src={image.src} alt={label} />
        ) : state === "error" ? (
          <span className="placeholder error-text">Could not load: {failed}</span>
        ) : (
          <span className="placeholder" aria-hidden="true">
            <span className="spinner" /> {id ? "Loading…" : "Generating…"}
          </span>
        )}
      </span>
      <span className="caption">
        {label}
        {state === "loading" && <span className="visually-hidden"> (loading)</span>}
        {selected && <span className="badge">✓ Selected</span>}
      </span>
    </label>
  );
}
