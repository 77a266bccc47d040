import { useEffect, useRef, useState } from "react";
import type { EditKind, SceneProgress } from "../api/mv";
import { formatDuration, formatUsd } from "./format";
import { MediaPlayer } from "./MediaPlayer";
import { useNow } from "./useNow";

/** The current attempt of a scene's clip, from its GenerateClip sub-orchestration. */
export interface AttemptInfo {
  attempt: number;
  startedAt: string;
  /** The sub-orchestration's provider state ("running", "fetching"), when it reports one. */
  providerState: string | null;
}

interface Props {
  scene: SceneProgress;
  typedFraction: number;
  onSkipTyping: () => void;
  attempt: AttemptInfo | null;
  expectedSeconds: number | null;
  editable: boolean;
  jobFailed: boolean;
  busy: boolean;
  onEdit: (scene: number, kind: EditKind, body?: { prompt: string; negative_prompt?: string }) => void;
  onRetry: (scene: number) => void;
}

/** One scene: its prompt (typed in, editable) beside its clip (state, player, regenerate). */
export function SceneCard({ scene, typedFraction, onSkipTyping, attempt, expectedSeconds, editable, jobFailed, busy, onEdit, onRetry }: Props) {
  const number = scene.index + 1;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(scene.prompt);
  const editor = useRef<HTMLTextAreaElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const typing = typedFraction < 1;
  const shown = typing ? scene.prompt.slice(0, Math.ceil(scene.prompt.length * typedFraction)) : scene.prompt;

  useEffect(() => {
    if (editing) editor.current?.focus();
  }, [editing]);

  const startEdit = () => {
    setDraft(scene.prompt);
    setEditing(true);
  };
  const cancel = () => {
    setEditing(false);
    requestAnimationFrame(() => editButton.current?.focus());
  };
  const save = () => {
    if (!draft.trim()) return;
    setEditing(false);
    onEdit(number, "prompt", { prompt: draft.trim() });
  };

  return (
    <li className="scene-card" data-testid="scene-card" data-scene={number} data-clip-state={scene.clip_state} aria-labelledby={`scene-${number}-title`}>
      <div className="scene-text">
        <h3 id={`scene-${number}-title`}>Scene {number}</h3>
        {editing ? (
          <div className="field">
            <label htmlFor={`scene-${number}-prompt`}>Prompt of scene {number}</label>
            <textarea id={`scene-${number}-prompt`} ref={editor} rows={6} value={draft} onChange={(e) => setDraft(e.target.value)} />
            <div className="actions">
              <button type="button" className="primary" onClick={save} disabled={!draft.trim()}>
                Save
              </button>
              <button type="button" onClick={cancel}>
                Cancel
              </button>
            </div>
          </div>
        ) : (
          <p className="prompt" data-testid="scene-prompt" data-typing={typing} onClick={typing ? onSkipTyping : undefined}>
            <span aria-hidden={typing}>{shown}</span>
            {typing && <span className="visually-hidden">{scene.prompt}</span>}
          </p>
        )}
        {scene.negative_prompt && (
          <details className="negative">
            <summary>Negative prompt</summary>
            <p>{scene.negative_prompt}</p>
          </details>
        )}
        {!editing && (
          <div className="actions">
            <button type="button" ref={editButton} onClick={startEdit} disabled={!editable || busy} aria-describedby={editable ? undefined : "edits-hint"}>
              Edit<span className="visually-hidden"> scene {number}</span>
            </button>
            <button type="button" onClick={() => onEdit(number, "regenerate_prompt")} disabled={!editable || busy}>
              Regenerate prompt<span className="visually-hidden"> of scene {number}</span>
            </button>
          </div>
        )}
      </div>
      <div className="scene-clip">
        <ClipState
          scene={scene}
          attempt={attempt}
          expectedSeconds={expectedSeconds}
          editable={editable}
          jobFailed={jobFailed}
          busy={busy}
          onRetry={() => onRetry(number)}
          onRegenerate={() => onEdit(number, "regenerate_clip")}
        />
        <SceneCost scene={scene} />
      </div>
    </li>
  );
}

/** What the scene's clip cost: shown once an attempt has finished (a cost is known), never when the server gives none. */
function SceneCost({ scene }: { scene: SceneProgress }) {
  if (scene.cost_usd == null) return null;
  if (scene.clip_state === "reused") {
    return (
      <p className="hint" data-testid="scene-cost">
        Cost in this cut <span data-testid="scene-cost-usd">{formatUsd(scene.cost_usd)}</span> (the clip was paid for in the cut it was made in)
      </p>
    );
  }

  const attempts = scene.attempt_costs_usd ?? [];
  if (attempts.length === 0) return null;
  return (
    <p className="hint" data-testid="scene-cost">
      Clip cost <span data-testid="scene-cost-usd">{formatUsd(scene.cost_usd)}</span>
      {attempts.length > 1 && ` (attempts: ${attempts.map(formatUsd).join(" + ")})`}
    </p>
  );
}

interface ClipProps {
  scene: SceneProgress;
  attempt: AttemptInfo | null;
  expectedSeconds: number | null;
  editable: boolean;
  jobFailed: boolean;
  busy: boolean;
  onRetry: () => void;
  onRegenerate: () => void;
}

function ClipState({ scene, attempt, expectedSeconds, editable, jobFailed, busy, onRetry, onRegenerate }: ClipProps) {
  const number = scene.index + 1;
  const live = scene.clip_state === "generating" || scene.clip_state === "retrying";
  const now = useNow(live ? 1000 : null);
  const attemptNumber = Math.max(scene.attempts, attempt?.attempt ?? 0, 1);

  switch (scene.clip_state) {
    case "succeeded":
    case "reused":
      return (
        <>
          {scene.video_url ? (
            <MediaPlayer url={scene.video_url} kind="video" label={`Clip of scene ${number}`} testId="clip-player" />
          ) : (
            <p className="clip-state">Clip ready</p>
          )}
          <p className="hint" data-testid="clip-facts" data-video-id={scene.video_id ?? ""}>
            {scene.clip_state === "reused" ? "Reused from the previous cut" : `Made in ${attemptNumber} attempt${attemptNumber === 1 ? "" : "s"}`}
          </p>
          <div className="actions">
            <button type="button" onClick={onRegenerate} disabled={!editable || busy}>
              Regenerate clip<span className="visually-hidden"> of scene {number}</span>
            </button>
          </div>
        </>
      );
    case "failed":
      return (
        <div className="clip-failed" role="group" aria-label={`Clip of scene ${number} failed`}>
          <p className="clip-state error-text" data-testid="clip-error">
            Failed after {attemptNumber} attempt{attemptNumber === 1 ? "" : "s"}: {scene.error ?? "no reason was given"}
          </p>
          <button type="button" className="primary" onClick={onRetry} disabled={busy || (!editable && !jobFailed)}>
            Retry<span className="visually-hidden"> scene {number}</span>
          </button>
          {!editable && !jobFailed && <p className="hint">Retry is available when the other scenes are finished.</p>}
        </div>
      );
    case "generating":
    case "retrying": {
      const elapsed = attempt ? Math.max(0, (now - Date.parse(attempt.startedAt)) / 1000) : null;
      return (
        <div className="clip-live" aria-busy="true">
          <p className="clip-state" data-testid="clip-state">
            <span className="spinner" aria-hidden="true" />{" "}
            {scene.clip_state === "retrying" ? `Retrying after attempt ${attemptNumber}` : `Generating · attempt ${attemptNumber}`}
          </p>
          {scene.clip_state === "retrying" && scene.error && <p className="error-text">Reason: {scene.error}</p>}
          <p className="hint">
            {attempt?.providerState ? `Provider: ${attempt.providerState}` : "Provider: submitted"}
            {scene.progress != null && ` · ${Math.round(scene.progress <= 1 ? scene.progress * 100 : scene.progress)}%`}
            {elapsed !== null && ` · ${formatDuration(elapsed)} elapsed`}
            {expectedSeconds !== null ? ` · about ${formatDuration(expectedSeconds)} expected` : " · expected time known after the first clip"}
          </p>
          {expectedSeconds !== null && elapsed !== null && (
            <progress max={1} value={Math.min(elapsed / expectedSeconds, 0.99)} aria-label={`Clip of scene ${number}, estimated progress`} />
          )}
        </div>
      );
    }
    default:
      return (
        <p className="clip-state" data-testid="clip-state">
          Queued
        </p>
      );
  }
}
