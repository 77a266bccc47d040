import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { ApiError, field } from "../api/client";
import { getInstance, listInstances, runOperation, type InstanceStatus } from "../api/management";
import { editScene, getJob, referenceUrl, restitch, type EditKind, type JobView } from "../api/mv";
import { formatDuration, formatTime, stageLabel } from "../components/format";
import { JobCosts } from "../components/JobCosts";
import { SceneCard, type AttemptInfo } from "../components/SceneCard";
import { useMediaSrc } from "../components/useMediaSrc";
import { MediaPlayer } from "../components/MediaPlayer";
import { useNow } from "../components/useNow";
import { useTitle } from "../components/useTitle";

const terminal = new Set(["Completed", "Failed", "Terminated", "Canceled"]);
const typingMilliseconds = 10_000;

/** The job's inputs as started (read from the orchestration input, which has what the job view leaves out). */
interface JobInput {
  sceneCount?: number;
  aspectRatio?: string;
  clipSeconds?: number;
  mode?: string;
  directorStyle?: string | null;
  characterReferenceId?: string | null;
  songId?: string | null;
}

function readInput(input: unknown): JobInput {
  return {
    sceneCount: field<number>(input, "number_of_scenes"),
    aspectRatio: field<string>(input, "aspect_ratio"),
    clipSeconds: field<number>(input, "clip_duration"),
    mode: field<string>(input, "mode"),
    directorStyle: field<string | null>(input, "director_style"),
    characterReferenceId: field<string | null>(input, "character_reference_id"),
    songId: field<string | null>(input, "song_id"),
  };
}

/** Attempt start times and provider state per scene, from the GenerateClip sub-orchestrations ({job}-scene{n}-try{k}). */
function readAttempts(jobId: string, children: InstanceStatus[]): { byScene: Map<number, AttemptInfo>; expectedSeconds: number | null } {
  const byScene = new Map<number, AttemptInfo>();
  const finished: number[] = [];
  const pattern = new RegExp(`^${jobId.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-scene(\\d+)-try(\\d+)$`);
  for (const child of children) {
    const match = pattern.exec(child.instanceId);
    if (!match) continue;
    const index = Number(match[1]) - 1;
    const attempt = Number(match[2]);
    const seconds = (Date.parse(child.lastUpdatedTime) - Date.parse(child.createdTime)) / 1000;
    if (child.runtimeStatus === "Completed" && Number.isFinite(seconds)) finished.push(Math.max(seconds, 1));
    const known = byScene.get(index);
    if (!known || known.attempt < attempt) {
      byScene.set(index, { attempt, startedAt: child.createdTime, providerState: field<string>(child.customStatus, "state") ?? null });
    }
  }
  const expectedSeconds = finished.length ? finished.reduce((a, b) => a + b, 0) / finished.length : null;
  return { byScene, expectedSeconds };
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The live job page: input card, one card per scene, the full video; polls the job until it ends. */
export function JobPage({ jobId }: { jobId: string }) {
  const navigate = useNavigate();
  const [job, setJob] = useState<JobView | null>(null);
  const [input, setInput] = useState<JobInput>({});
  const [attempts, setAttempts] = useState<{ byScene: Map<number, AttemptInfo>; expectedSeconds: number | null }>({ byScene: new Map(), expectedSeconds: null });
  const [loadError, setLoadError] = useState<{ message: string; notFound: boolean } | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [inputOpen, setInputOpen] = useState(true);
  const [typingStart, setTypingStart] = useState<number | null>(null);
  const [typed, setTyped] = useState(1);
  const [refresh, setRefresh] = useState(0);
  const now = useNow(job && !terminal.has(job.status) ? 1000 : null);
  const sawScenes = useRef(false);
  const sawRunning = useRef(false);
  const fullVideo = useRef<HTMLElement>(null);
  const wasDone = useRef<boolean | null>(null);

  useTitle(job?.idea ? `Job: ${job.idea}` : "Job");

  // Polling: every second while something changes, backing off to 5 s while nothing does; paused in hidden tabs.
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    let delay = 1000;
    let lastUpdate = "";
    let inputRead = false;
    const abort = new AbortController();

    const poll = async () => {
      if (stopped) return;
      if (document.hidden) {
        timer = window.setTimeout(poll, 1000);
        return;
      }
      try {
        const view = await getJob(jobId, abort.signal);
        if (stopped) return;
        setJob(view);
        setLoadError(null);
        const [self, ...children] = await listInstances({ prefix: jobId, top: 200 }).then((page) =>
          [...page.instances].sort((a, b) => (a.instanceId === jobId ? -1 : b.instanceId === jobId ? 1 : 0)),
        );
        if (!inputRead && self?.instanceId === jobId) {
          // The list omits inputs (showInput=false); read it once from the instance.
          const full = await getInstance(jobId);
          setInput(readInput(full.input));
          inputRead = true;
        }
        if (!stopped) setAttempts(readAttempts(jobId, children));
        if (terminal.has(view.status)) return;
        delay = view.updated_at === lastUpdate ? Math.min(delay * 1.5, 5000) : 1000;
        lastUpdate = view.updated_at;
      } catch (error) {
        if (stopped || abort.signal.aborted) return;
        const notFound = error instanceof ApiError && error.status === 404;
        setLoadError({ message: message(error), notFound });
        if (notFound) return;
        delay = Math.min(delay * 2, 10000);
      }
      timer = window.setTimeout(poll, delay);
    };
    void poll();
    return () => {
      stopped = true;
      abort.abort();
      window.clearTimeout(timer);
    };
  }, [jobId, refresh]);

  // When the scenes arrive: collapse the input card and type the scene text in (10 s for all cards), once.
  useEffect(() => {
    if (!job) return;
    if (!terminal.has(job.status)) sawRunning.current = true;
    if (job.scenes.length > 0 && !sawScenes.current) {
      sawScenes.current = true;
      setInputOpen(false);
      const reduceMotion = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
      if (sawRunning.current && !reduceMotion) {
        setTypingStart(performance.now());
        setTyped(0);
      }
    }
  }, [job]);

  useEffect(() => {
    if (typingStart === null) return;
    let frame = 0;
    const tick = () => {
      const fraction = Math.min(1, (performance.now() - typingStart) / typingMilliseconds);
      setTyped(fraction);
      if (fraction < 1) frame = requestAnimationFrame(tick);
      else setTypingStart(null);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [typingStart]);

  const skipTyping = useCallback(() => {
    setTypingStart(null);
    setTyped(1);
  }, []);

  // The full video scrolls into view 300 ms after it is done (when it finished while the page was open).
  const done = job?.status === "Completed" && !!job.video_url;
  useEffect(() => {
    if (!job) return;
    if (wasDone.current === false && done) {
      const timer = window.setTimeout(() => fullVideo.current?.scrollIntoView({ behavior: "smooth", block: "start" }), 300);
      wasDone.current = true;
      return () => window.clearTimeout(timer);
    }
    wasDone.current = done;
  }, [job, done]);

  const follow = async (what: string, action: () => Promise<string | null>) => {
    setBusy(what);
    setActionError(null);
    try {
      const next = await action();
      if (next && next !== jobId) navigate(`/jobs/${encodeURIComponent(next)}`);
      else setRefresh((n) => n + 1);
    } catch (error) {
      setActionError(`${what} failed: ${message(error)}`);
    } finally {
      setBusy(null);
    }
  };

  const onEdit = (scene: number, kind: EditKind, body?: { prompt: string; negative_prompt?: string }) =>
    follow(kind === "prompt" ? `Saving scene ${scene}` : kind === "regenerate_prompt" ? `Regenerating the prompt of scene ${scene}` : `Regenerating clip ${scene}`, () =>
      editScene(jobId, scene, kind, body),
    );

  // Retry a scene that failed for good: a new cut regenerates it; a job that failed as a whole is rewound instead.
  const onRetry = (scene: number) =>
    job?.status === "Failed"
      ? follow(`Retrying scene ${scene}`, () => runOperation(jobId, "rewind", `retry scene ${scene} from the web UI`))
      : onEdit(scene, "regenerate_clip");

  if (loadError && !job) {
    return (
      <section className="page">
        <h1>Job {jobId}</h1>
        <p className="error-text" role="alert">
          {loadError.notFound ? `There is no job with id ${jobId}.` : `The job could not be loaded: ${loadError.message}`}
        </p>
        <p>
          <Link to="/jobs">All jobs</Link> · <Link to="/">Create a new one</Link>
        </p>
      </section>
    );
  }

  if (!job) {
    return (
      <section className="page" aria-busy="true">
        <h1>Job</h1>
        <p role="status">Loading the job…</p>
      </section>
    );
  }

  const finished = terminal.has(job.status);
  const editable = job.status === "Completed";
  const placeholders = job.scenes.length === 0 && !finished ? (input.sceneCount ?? 4) : 0;
  const succeeded = job.scenes.filter((s) => s.video_id && (s.clip_state === "succeeded" || s.clip_state === "reused"));
  const clipSeconds = input.clipSeconds ?? 8;
  // While the job runs, its elapsed time counts up here; once it ends, the server's figure is final.
  const elapsed = finished ? job.elapsed_seconds : Math.max(job.elapsed_seconds, (now - Date.parse(job.created_at)) / 1000);

  return (
    <section className="page job-page" aria-labelledby="job-title">
      <div className="job-header">
        <h1 id="job-title">{job.idea || "Music video job"}</h1>
        <p className="job-meta">
          <span className={`status status-${job.status.toLowerCase()}`} data-testid="job-status">
            {job.status}
          </span>{" "}
          <span data-testid="job-stage">{stageLabel(job.stage)}</span> · {formatDuration(elapsed)} elapsed · started {formatTime(job.created_at)}
        </p>
        <JobCosts job={job} />
        {job.parent_job_id && (
          <p className="hint">
            A new cut of <Link to={`/jobs/${encodeURIComponent(job.parent_job_id)}`}>job {job.parent_job_id}</Link>; untouched clips are reused.
          </p>
        )}
        {job.error && (
          <p className="error-text" role="alert">
            {job.status === "Failed" ? "The job failed: " : ""}
            {job.error}
          </p>
        )}
        {job.status === "Terminated" && <p className="error-text">The job was terminated by an operator.</p>}
        <p className="visually-hidden" role="status" aria-live="polite">
          {stageLabel(job.stage)}
        </p>
      </div>

      <InputCard job={job} input={input} open={inputOpen} onToggle={() => setInputOpen((o) => !o)} />

      {actionError && (
        <p className="error-text" role="alert">
          {actionError}
        </p>
      )}
      {busy && <p role="status">{busy}…</p>}

      <section aria-labelledby="scenes-title" className="scenes">
        <div className="section-head">
          <h2 id="scenes-title">Scenes</h2>
          {typed < 1 && (
            <button type="button" className="link-button" onClick={skipTyping}>
              Skip typing
            </button>
          )}
        </div>
        {job.scenes.length === 0 && finished && <p>No scenes were written.</p>}
        {job.scenes.length > 0 && !editable && (
          <p id="edits-hint" className="hint">
            Edit and regenerate make a new cut of a completed job; they are available when this job is done.
          </p>
        )}
        <ol className="scene-list">
          {Array.from({ length: placeholders }, (_, i) => (
            <li key={`placeholder-${i}`} className="scene-card placeholder-card" data-testid="scene-placeholder">
              <div className="scene-text">
                <h3>Scene {i + 1}</h3>
                <p className="hint">
                  <span className="spinner" aria-hidden="true" /> Writing the scene…
                </p>
              </div>
              <div className="scene-clip">
                <p className="clip-state">Waiting for the scene</p>
              </div>
            </li>
          ))}
          {job.scenes.map((scene) => (
            <SceneCard
              key={scene.index}
              scene={scene}
              typedFraction={typed}
              onSkipTyping={skipTyping}
              attempt={attempts.byScene.get(scene.index) ?? null}
              expectedSeconds={attempts.expectedSeconds}
              editable={editable}
              jobFailed={job.status === "Failed"}
              busy={busy !== null}
              onEdit={onEdit}
              onRetry={onRetry}
            />
          ))}
        </ol>
      </section>

      <section ref={fullVideo} aria-labelledby="full-title" className="full-video" data-testid="full-video">
        <h2 id="full-title">Full video</h2>
        {job.status === "Completed" && job.video_url ? (
          <>
            <MediaPlayer url={job.video_url} kind="video" label="The full music video" testId="full-video-player" />
            <p data-testid="full-video-facts">
              {formatDuration(job.duration_seconds)} ({job.duration_seconds?.toFixed(1)} s) · {succeeded.length} clip{succeeded.length === 1 ? "" : "s"}
              {job.failed_scenes > 0 && ` · ${job.failed_scenes} scene${job.failed_scenes === 1 ? "" : "s"} left out`}
            </p>
            <button type="button" onClick={() => follow("Restitching", () => restitch(jobId))} disabled={busy !== null}>
              Restitch
            </button>
          </>
        ) : job.stage === "stitching" ? (
          <p role="status">
            <span className="spinner" aria-hidden="true" /> Stitching {succeeded.length} clips… about {formatDuration(5 * Math.max(succeeded.length, 1))}{" "}
            expected.
          </p>
        ) : finished ? (
          <p>No full video: {job.status === "Failed" ? "no clip could be made." : `the job is ${job.status}.`}</p>
        ) : (
          <p className="hint">
            The clips are stitched with {job.song_id ? "the song" : "their own sound"} when every scene is finished (about{" "}
            {formatDuration((input.sceneCount ?? 4) * clipSeconds)} of video).
          </p>
        )}
      </section>
    </section>
  );
}

function InputCard({ job, input, open, onToggle }: { job: JobView; input: JobInput; open: boolean; onToggle: () => void }) {
  const reference = useMediaSrc(open && input.characterReferenceId ? referenceUrl(input.characterReferenceId) : null, true);
  return (
    <section className="card input-card" aria-labelledby="input-title">
      <div className="section-head">
        <h2 id="input-title">Input</h2>
        <button type="button" className="link-button" aria-expanded={open} aria-controls="input-body" onClick={onToggle}>
          {open ? "Hide input" : "Show input"}
        </button>
      </div>
      <div id="input-body" hidden={!open}>
        <dl className="facts">
          <dt>Idea</dt>
          <dd>{job.idea}</dd>
          <dt>Character &amp; style</dt>
          <dd>{job.character_description}</dd>
          <dt>Settings</dt>
          <dd>
            {[
              input.mode,
              input.directorStyle ? `director ${input.directorStyle}` : null,
              input.sceneCount ? `${input.sceneCount} scenes` : null,
              input.aspectRatio,
              input.clipSeconds ? `${input.clipSeconds} s clips` : null,
            ]
              .filter(Boolean)
              .join(" · ") || "–"}
          </dd>
          <dt>Song</dt>
          <dd>{job.song_id ? <MediaPlayer url={`/api/mv/get_audio/${job.song_id}`} kind="audio" label="The song" /> : "None (the clips keep their own sound)"}</dd>
          <dt>Character reference</dt>
          <dd>
            {input.characterReferenceId ? (
              reference.src ? (
                <img className="input-reference" src={reference.src} alt="The character reference used for every clip" />
              ) : (
                (reference.error ?? "Loading…")
              )
            ) : (
              "None"
            )}
          </dd>
        </dl>
      </div>
    </section>
  );
}
