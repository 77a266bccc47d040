// Typed calls to the /api/mv routes the pages use.
import { field, getJson, runLong, sendJson, upload, type CheckStatus } from "./client";

export interface SceneProgress {
  index: number;
  prompt: string;
  negative_prompt?: string | null;
  clip_state: "pending" | "generating" | "retrying" | "succeeded" | "failed" | "reused" | string;
  attempts: number;
  video_id?: string | null;
  video_url?: string | null;
  error?: string | null;
  /** Provider progress (0–1 or percent) when a provider reports it. */
  progress?: number | null;
  /** What the scene's clip attempts cost in US dollars so far, when the server records it. */
  cost_usd?: number | null;
  /** The cost of each finished attempt, in order (a failed attempt may cost too). */
  attempt_costs_usd?: number[] | null;
}

export interface JobView {
  job_id: string;
  status: string;
  stage?: string | null;
  idea?: string | null;
  character_description?: string | null;
  song_id?: string | null;
  parent_job_id?: string | null;
  scenes: SceneProgress[];
  video_id?: string | null;
  video_url?: string | null;
  duration_seconds?: number | null;
  failed_scenes: number;
  error?: string | null;
  created_at: string;
  updated_at: string;
  elapsed_seconds: number;
  /** Provider cost in US dollars, when the server records it: the plan plus every scene's attempts. */
  cost_usd?: number | null;
  /** What writing the scenes cost (part of cost_usd). */
  plan_cost_usd?: number | null;
  character_reference_id?: string | null;
  /** What generating the character reference cost; not part of cost_usd (the reference is paid once and shared by every job that uses it). */
  character_reference_cost_usd?: number | null;
}

export interface DirectorStyle {
  id: string;
  name: string;
  signature_style: string;
  mood?: string;
}

export interface CreateJobRequest {
  idea: string;
  character_description: string;
  character_reference_id?: string;
  song_id?: string;
  number_of_scenes: number;
  mode: string;
  director_style?: string;
  aspect_ratio: string;
  clip_duration: number;
}

export interface SongUpload {
  song_id: string;
  audio_url: string;
  duration_seconds: number;
  filename: string;
}

export interface ImageUpload {
  image_id: string;
  image_url: string;
  filename: string;
}

export interface GeneratedImages {
  ids: string[];
  warnings: string[];
}

export const getDirectorStyles = () => getJson<{ configs: string[]; styles: DirectorStyle[] }>("/api/mv/get_director_configs");

export const getJob = (id: string, signal?: AbortSignal) => getJson<JobView>(`/api/mv/jobs/${encodeURIComponent(id)}`, signal);

export async function startJob(request: CreateJobRequest): Promise<string> {
  const { body } = await sendJson<CheckStatus>("POST", "/api/mv/jobs", request);
  return body.id;
}

export type EditKind = "prompt" | "regenerate_prompt" | "regenerate_clip";

/** Starts a new cut of a finished job (the edit routes); returns the new job's id. */
export async function editScene(jobId: string, scene: number, kind: EditKind, body?: { prompt: string; negative_prompt?: string }): Promise<string> {
  const { body: answer } = await sendJson<CheckStatus>("POST", `/api/mv/jobs/${encodeURIComponent(jobId)}/scenes/${scene}/${kind}`, body);
  return answer.id;
}

export async function restitch(jobId: string): Promise<string> {
  const { body } = await sendJson<CheckStatus>("POST", `/api/mv/jobs/${encodeURIComponent(jobId)}/restitch`);
  return body.id;
}

export const uploadSong = (file: File) => upload<SongUpload>("/api/mv/songs", file);

export const uploadReference = (file: File) => upload<ImageUpload>("/api/mv/upload_character_reference", file);

/** Generates 1–4 character references; returns their ids only (the images are fetched one by one, in parallel). */
export async function generateReferences(characterDescription: string, count: number, aspectRatio: string): Promise<GeneratedImages> {
  const result = await runLong(
    "/api/mv/generate_character_reference",
    { character_description: characterDescription, num_images: count, aspect_ratio: aspectRatio },
    120,
  );
  // The 200 answer names the id "id"; the raw orchestration output (after a 202) names it "image_id"/"imageId".
  const images = field<unknown[]>(result, "images") ?? [];
  return {
    ids: images.map((i) => String(field(i, "id") ?? field(i, "image_id"))),
    warnings: field<string[]>(result, "warnings") ?? [],
  };
}

export const referenceUrl = (id: string) => `/api/mv/get_character_reference/${encodeURIComponent(id)}`;
export const videoUrl = (id: string) => `/api/mv/get_video/${encodeURIComponent(id)}`;
export const audioUrl = (id: string) => `/api/mv/get_audio/${encodeURIComponent(id)}`;
