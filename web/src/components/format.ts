/** 83.4 → "1:23". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "–";
  const total = Math.round(seconds);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${s.toString().padStart(2, "0")}`;
}

/** An ISO time as the user's local date and time. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "–";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** Stage ids as words. */
export function stageLabel(stage: string | null | undefined): string {
  switch (stage) {
    case "writing_scenes":
      return "Writing scenes";
    case "generating_clips":
      return "Generating clips";
    case "stitching":
      return "Stitching";
    case "done":
      return "Done";
    case "failed":
      return "Failed";
    default:
      return stage ?? "Starting";
  }
}

/** US dollars with at least two and at most six decimals, like the CLI: 0.08 → "$0.08", 1.750426 → "$1.750426". */
export function formatUsd(value: number): string {
  const [whole, fraction = ""] = value.toFixed(6).replace(/0+$/, "").split(".");
  return `$${whole}.${fraction.padEnd(2, "0")}`;
}
