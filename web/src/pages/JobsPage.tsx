import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { field } from "../api/client";
import { listAll, type InstanceStatus } from "../api/management";
import { referenceUrl, type SceneProgress } from "../api/mv";
import { formatDuration, formatTime, stageLabel } from "../components/format";
import { useMediaSrc } from "../components/useMediaSrc";
import { useTitle } from "../components/useTitle";

const pageSize = 20;

/** A job row, read from the orchestration instance (the job view's fields under their workflow names). */
interface JobRow {
  id: string;
  idea: string;
  status: string;
  stage: string | null;
  createdTime: string;
  durationSeconds: number | null;
  elapsedSeconds: number;
  clips: number;
  referenceId: string | null;
  firstClipUrl: string | null;
  parentJobId: string | null;
}

function toRow(instance: InstanceStatus): JobRow {
  const scenes = field<SceneProgress[]>(instance.output, "scenes") ?? field<SceneProgress[]>(instance.customStatus, "scenes") ?? [];
  const clip = scenes.find((s) => s.video_url);
  return {
    id: instance.instanceId,
    idea: field<string>(instance.input, "idea") ?? "",
    status: instance.runtimeStatus,
    stage: field<string>(instance.customStatus, "stage") ?? null,
    createdTime: instance.createdTime,
    durationSeconds: field<number>(instance.output, "duration_seconds") ?? null,
    elapsedSeconds: (Date.parse(instance.lastUpdatedTime) - Date.parse(instance.createdTime)) / 1000,
    clips: scenes.filter((s) => s.video_id && (s.clip_state === "succeeded" || s.clip_state === "reused")).length,
    referenceId: field<string | null>(instance.input, "character_reference_id") ?? null,
    firstClipUrl: clip?.video_url ?? null,
    parentJobId: field<string | null>(instance.input, "parent_job_id") ?? null,
  };
}

/** Job history: every music video job, newest first, with status, stage, duration, a thumbnail and a link. */
export function JobsPage() {
  useTitle("Jobs");
  const [rows, setRows] = useState<JobRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const instances = await listAll({ showInput: true });
      setRows(instances.filter((i) => i.name === "MusicVideoJob").map(toRow));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const pages = rows ? Math.max(1, Math.ceil(rows.length / pageSize)) : 1;
  const shown = rows?.slice(page * pageSize, (page + 1) * pageSize) ?? [];

  return (
    <section className="page" aria-labelledby="jobs-title">
      <div className="section-head">
        <h1 id="jobs-title">Jobs</h1>
        <button type="button" onClick={() => void load()} disabled={loading}>
          {loading ? "Refreshing…" : "Refresh"}
        </button>
      </div>
      {error && (
        <p className="error-text" role="alert">
          The jobs could not be loaded: {error}
        </p>
      )}
      {rows === null && !error && <p role="status">Loading the jobs…</p>}
      {rows?.length === 0 && (
        <p>
          No jobs yet. <Link to="/">Create a music video</Link>.
        </p>
      )}
      {shown.length > 0 && (
        <div className="table-wrap">
          <table className="jobs-table">
            <caption className="visually-hidden">Music video jobs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Preview</th>
                <th scope="col">Job</th>
                <th scope="col">Status</th>
                <th scope="col">Stage</th>
                <th scope="col">Duration</th>
                <th scope="col">Started</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={row.id} data-testid="job-row" data-job-id={row.id}>
                  <td>
                    <Thumbnail row={row} />
                  </td>
                  <td>
                    <Link to={`/jobs/${encodeURIComponent(row.id)}`}>{row.idea || row.id}</Link>
                    {row.parentJobId && <span className="hint"> (new cut)</span>}
                    <div className="hint mono">{row.id}</div>
                  </td>
                  <td>
                    <span className={`status status-${row.status.toLowerCase()}`}>{row.status}</span>
                  </td>
                  <td>{stageLabel(row.stage)}</td>
                  <td>
                    {row.durationSeconds !== null ? `${formatDuration(row.durationSeconds)} video` : "–"}
                    <div className="hint">{formatDuration(row.elapsedSeconds)} to make · {row.clips} clips</div>
                  </td>
                  <td>{formatTime(row.createdTime)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows && rows.length > pageSize && (
        <nav className="pager" aria-label="Job pages">
          <button type="button" onClick={() => setPage((p) => p - 1)} disabled={page === 0}>
            Newer
          </button>
          <span>
            Page {page + 1} of {pages}
          </span>
          <button type="button" onClick={() => setPage((p) => p + 1)} disabled={page + 1 >= pages}>
            Older
          </button>
        </nav>
      )}
    </section>
  );
}

function Thumbnail({ row }: { row: JobRow }) {
  const image = useMediaSrc(row.referenceId ? referenceUrl(row.referenceId) : null, true);
  const clip = useMediaSrc(!row.referenceId ? row.firstClipUrl : null);
  if (image.src) return <img className="thumb" src={image.src} alt="" />;
  if (clip.src) return <video className="thumb" src={`${clip.src}#t=0.5`} preload="metadata" muted aria-hidden="true" tabIndex={-1} />;
  return <span className="thumb empty" aria-hidden="true">♪</span>;
}
