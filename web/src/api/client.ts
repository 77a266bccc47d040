// The one place the UI talks HTTP: base URL, API key header, the error shape, and long operations (200 or 202 + poll).

declare global {
  interface Window {
    MV_CONFIG?: { apiBase?: string };
  }
}

/** The API base URL: run-time config.js first, then the build-time VITE_API_BASE, else the serving origin. */
export const apiBase: string = (window.MV_CONFIG?.apiBase || import.meta.env.VITE_API_BASE || "").replace(/\/+$/, "");

const keyStorage = "mv.apiKey";

/** The error shape every route answers with: {"error", "message", "details"}. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function getApiKey(): string | null {
  try {
    return localStorage.getItem(keyStorage);
  } catch {
    return null;
  }
}

export function setApiKey(key: string | null): void {
  try {
    if (key) localStorage.setItem(keyStorage, key);
    else localStorage.removeItem(keyStorage);
  } catch {
    // Storage can be disabled (private mode); the key then lasts for this page only.
  }
  memoryKey = key;
  keyListeners.forEach((l) => l(key));
}

let memoryKey: string | null = getApiKey();
const keyListeners = new Set<(key: string | null) => void>();

export function onApiKeyChange(listener: (key: string | null) => void): () => void {
  keyListeners.add(listener);
  return () => keyListeners.delete(listener);
}

export function currentApiKey(): string | null {
  return memoryKey;
}

/** Asks the user for a key (the KeyDialog registers itself); resolves null when they cancel. */
let keyPrompt: ((reason: string) => Promise<string | null>) | null = null;
let pendingPrompt: Promise<string | null> | null = null;

export function registerKeyPrompt(prompt: ((reason: string) => Promise<string | null>) | null): void {
  keyPrompt = prompt;
}

/** Absolute URL for an API path; absolute URLs (e.g. presigned cloud URLs) are returned unchanged. */
export function apiUrl(path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  return apiBase + (path.startsWith("/") ? path : "/" + path);
}

/** Whether a URL is served by our API (only then may the API key be sent with it). */
export function isApiUrl(url: string): boolean {
  const absolute = new URL(apiUrl(url), window.location.href);
  const base = new URL(apiBase || "/", window.location.href);
  return absolute.origin === base.origin;
}

async function toError(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: string; message?: string; details?: unknown };
    if (body && typeof body.message === "string") {
      return new ApiError(response.status, body.error ?? "error", body.message, body.details);
    }
  } catch {
    // Not JSON: fall through to a generic message.
  }
  return new ApiError(response.status, "http_error", `The server answered ${response.status} ${response.statusText}.`);
}

/** fetch with the base URL and the API key header; on 401 asks for a key once and retries. */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const url = apiUrl(path);
  const sendKey = isApiUrl(url);
  for (;;) {
    const headers = new Headers(init.headers);
    const key = currentApiKey();
    if (sendKey && key) headers.set("X-API-Key", key);
    const response = await fetch(url, { ...init, headers });
    if (response.status !== 401 || !sendKey || !keyPrompt) return response;
    const reason = key ? "The API key was not accepted; enter a valid key." : "This server needs an API key.";
    pendingPrompt ??= keyPrompt(reason).finally(() => (pendingPrompt = null));
    const entered = await pendingPrompt;
    if (!entered) return response;
    setApiKey(entered);
  }
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await apiFetch(path, { signal, headers: { Accept: "application/json" } });
  if (!response.ok) throw await toError(response);
  return (await response.json()) as T;
}

/** GET that also returns the response headers (for continuation tokens). */
export async function getJsonWithHeaders<T>(path: string, headers: Record<string, string> = {}): Promise<{ body: T; headers: Headers }> {
  const response = await apiFetch(path, { headers: { Accept: "application/json", ...headers } });
  if (!response.ok) throw await toError(response);
  return { body: (await response.json()) as T, headers: response.headers };
}

export async function sendJson<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await apiFetch(path, {
    method,
    headers: body === undefined ? { Accept: "application/json" } : { "Content-Type": "application/json", Accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await toError(response);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function upload<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append("file", file, file.name);
  const response = await apiFetch(path, { method: "POST", body: form });
  if (!response.ok) throw await toError(response);
  return (await response.json()) as T;
}

/** The 202 answer of a long operation (Durable Functions check-status payload). */
export interface CheckStatus {
  id: string;
  statusQueryGetUri: string;
}

/** Management status of one orchestration instance (camelCase, as Durable Functions). */
export interface InstanceStatus {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  input: unknown;
  customStatus: unknown;
  output: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  historyEvents?: Record<string, unknown>[];
}

export const managementBase = "/runtime/webhooks/durabletask";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a long operation: POST with ?wait so a quick one answers 200 with its result; a 202 is followed by polling the
 * instance until it ends, and then the orchestration's raw output is returned (callers read both shapes with `field`).
 */
export async function runLong(path: string, body: unknown, waitSeconds = 60): Promise<unknown> {
  const { status, body: answer } = await sendJson<unknown>("POST", `${path}${path.includes("?") ? "&" : "?"}wait=${waitSeconds}`, body);
  if (status !== 202) return answer;
  const id = (answer as CheckStatus).id;
  for (let delay = 500; ; delay = Math.min(delay * 1.5, 3000)) {
    await sleep(delay);
    const instance = await getJson<InstanceStatus>(`${managementBase}/instances/${encodeURIComponent(id)}`);
    if (instance.runtimeStatus === "Completed") return instance.output;
    if (instance.runtimeStatus !== "Running" && instance.runtimeStatus !== "Pending") {
      throw new ApiError(502, "operation_failed", `The operation ended ${instance.runtimeStatus}.`);
    }
  }
}

/** Reads a field by its snake_case or camelCase name (the workflow JSON is moving from camelCase to snake_case). */
export function field<T>(source: unknown, snake: string): T | undefined {
  if (!source || typeof source !== "object") return undefined;
  const record = source as Record<string, unknown>;
  if (snake in record) return record[snake] as T;
  const camel = snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return record[camel] as T | undefined;
}
