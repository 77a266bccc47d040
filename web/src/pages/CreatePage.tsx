import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import { ApiError } from "../api/client";
import {
  generateReferences,
  getDirectorStyles,
  startJob,
  uploadReference,
  uploadSong,
  type DirectorStyle,
  type SongUpload,
} from "../api/mv";
import { ReferenceImage } from "../components/ReferenceImage";
import { TextAreaField } from "../components/TextAreaField";
import { formatDuration } from "../components/format";
import { useSessionState } from "../components/useSessionState";
import { useTitle } from "../components/useTitle";

interface ReferenceSlot {
  /** Stable key for the grid cell (the id is unknown while generating). */
  key: string;
  id: string | null;
  origin: "generated" | "uploaded";
  /** Set when the slot could not be produced at all. */
  error?: string;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The create page: the job's inputs, an optional song, and the character reference the musician picks. */
export function CreatePage() {
  useTitle("Create a music video");
  const navigate = useNavigate();
  const [mode, setMode] = useSessionState("create.mode", "music-video");
  const [idea, setIdea] = useSessionState("create.idea", "");
  const [character, setCharacter] = useSessionState("create.character", "");
  const [director, setDirector] = useSessionState("create.director", "");
  const [scenes, setScenes] = useSessionState("create.scenes", "4");
  const [aspect, setAspect] = useSessionState("create.aspect", "16:9");
  const [clipSeconds, setClipSeconds] = useSessionState("create.clip", "8");
  const [imageCount, setImageCount] = useSessionState("create.images", "4");
  const [song, setSong] = useSessionState<SongUpload | null>("create.song", null);
  const [slots, setSlots] = useSessionState<ReferenceSlot[]>("create.references", []);
  const [selected, setSelected] = useSessionState<string | null>("create.selected", null);

  const [styles, setStyles] = useState<DirectorStyle[]>([]);
  const [stylesError, setStylesError] = useState<string | null>(null);
  const [songState, setSongState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const [generating, setGenerating] = useState(false);
  const [referenceMessage, setReferenceMessage] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [submitMessage, setSubmitMessage] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<{ idea?: string; character?: string }>({});
  const ideaInput = useRef<HTMLTextAreaElement>(null);
  const characterInput = useRef<HTMLTextAreaElement>(null);
  const songInput = useRef<HTMLInputElement>(null);
  const formId = useId();

  // A reload while generating leaves placeholders whose generation this page no longer follows.
  useEffect(() => {
    setSlots((current) =>
      current.some((s) => s.id === null && !s.error)
        ? current.map((s) => (s.id === null && !s.error ? { ...s, error: "interrupted by a reload; generate again" } : s))
        : current,
    );
  }, [setSlots]);

  useEffect(() => {
    getDirectorStyles()
      .then((answer) => setStyles(answer.styles))
      .catch((error) => setStylesError(message(error)));
  }, []);

  const onSong = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setSongState({ busy: true, error: null });
    try {
      setSong(await uploadSong(file));
      setSongState({ busy: false, error: null });
    } catch (error) {
      setSong(null);
      setSongState({ busy: false, error: message(error) });
    }
  };

  const removeSong = () => {
    setSong(null);
    if (songInput.current) songInput.current.value = "";
    songInput.current?.focus();
  };

  const generate = async () => {
    if (!character.trim()) {
      setFieldErrors({ character: "Describe the character first: the references are drawn from it." });
      characterInput.current?.focus();
      return;
    }
    setFieldErrors({});
    const count = Number(imageCount);
    const placeholders: ReferenceSlot[] = Array.from({ length: count }, (_, i) => ({ key: `pending-${Date.now()}-${i}`, id: null, origin: "generated" }));
    setSlots((current) => [...current.filter((s) => s.origin === "uploaded"), ...placeholders]);
    setSelected((current) => (slots.some((s) => s.origin === "uploaded" && s.id === current) ? current : null));
    setGenerating(true);
    setReferenceMessage(`Generating ${count} reference image${count === 1 ? "" : "s"}…`);
    try {
      const result = await generateReferences(character.trim(), count, "1:1");
      const made = placeholders.map((p, i) =>
        result.ids[i] ? { ...p, key: result.ids[i], id: result.ids[i] } : { ...p, error: result.warnings[i - result.ids.length] ?? "This image could not be generated." },
      );
      setSlots((current) => [...current.filter((s) => s.origin === "uploaded"), ...made]);
      setReferenceMessage(
        `${result.ids.length} of ${count} images generated${result.warnings.length ? ` (${result.warnings.join("; ")})` : ""}. Select the one to use.`,
      );
    } catch (error) {
      setSlots((current) => current.map((s) => (placeholders.some((p) => p.key === s.key) ? { ...s, error: message(error) } : s)));
      setReferenceMessage(`Generating the references failed: ${message(error)}`);
    } finally {
      setGenerating(false);
    }
  };

  const onUploadReference = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setUploadError(null);
    try {
      const stored = await uploadReference(file);
      setSlots((current) => [...current, { key: stored.image_id, id: stored.image_id, origin: "uploaded" }]);
      setSelected(stored.image_id);
      setReferenceMessage(`${stored.filename} uploaded and selected.`);
    } catch (error) {
      setUploadError(message(error));
    } finally {
      event.target.value = "";
    }
  };

  const validate = (): boolean => {
    const errors: { idea?: string; character?: string } = {};
    if (!idea.trim()) errors.idea = "Describe the idea of the video.";
    if (!character.trim()) errors.character = "Describe the character and the style.";
    setFieldErrors(errors);
    if (errors.idea) ideaInput.current?.focus();
    else if (errors.character) characterInput.current?.focus();
    return !errors.idea && !errors.character;
  };

  const start = async (requireReference: boolean) => {
    setSubmitMessage(null);
    if (requireReference && !selected) {
      setSubmitMessage("Select a character reference first (generate or upload one), or use Quick Job to start without one.");
      return;
    }
    if (!validate()) return;
    setStarting(true);
    try {
      const id = await startJob({
        idea: idea.trim(),
        character_description: character.trim(),
        character_reference_id: selected ?? undefined,
        song_id: song?.song_id,
        number_of_scenes: Number(scenes),
        mode,
        director_style: director || undefined,
        aspect_ratio: aspect,
        clip_duration: Number(clipSeconds),
      });
      navigate(`/jobs/${encodeURIComponent(id)}`);
    } catch (error) {
      setSubmitMessage(error instanceof ApiError ? `The job could not start: ${error.message}` : `The job could not start: ${message(error)}`);
      setStarting(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void start(true);
  };

  const selectedStyle = styles.find((s) => s.id === director);

  return (
    <section className="page" aria-labelledby="create-title">
      <h1 id="create-title">Create a music video</h1>
      <form id={formId} onSubmit={onSubmit} noValidate className="create-form">
        <fieldset className="mode">
          <legend>Video type</legend>
          {[
            ["music-video", "Music video"],
            ["ad-creative", "Ad creative"],
          ].map(([value, label]) => (
            <label key={value} className="choice">
              <input type="radio" name="mode" value={value} checked={mode === value} onChange={() => setMode(value)} />
              {label}
            </label>
          ))}
        </fieldset>

        <TextAreaField
          id="idea"
          ref={ideaInput}
          label={mode === "ad-creative" ? "Product and message" : "Idea"}
          value={idea}
          onChange={setIdea}
          error={fieldErrors.idea}
          hint="What the video is about; every scene is written from it."
          placeholder="a midnight drive through a neon city"
        />

        <TextAreaField
          id="character"
          ref={characterInput}
          label="Character & style"
          value={character}
          onChange={setCharacter}
          error={fieldErrors.character}
          hint="Who appears in every scene, and how it looks."
          placeholder="a fox in a red bomber jacket with silver headphones"
        />

        <div className="field-row">
          <div className="field">
            <label htmlFor="director">Director style</label>
            <select id="director" value={director} onChange={(e) => setDirector(e.target.value)} aria-describedby="director-hint">
              <option value="">No particular director</option>
              {styles.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
            <p id="director-hint" className="hint">
              {stylesError ? `The styles could not be loaded: ${stylesError}` : (selectedStyle?.signature_style ?? "The scenes keep a neutral cinematic style.")}
            </p>
          </div>
          <div className="field">
            <label htmlFor="scenes">Number of scenes</label>
            <input id="scenes" type="number" min={1} max={12} value={scenes} onChange={(e) => setScenes(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="aspect">Aspect ratio</label>
            <select id="aspect" value={aspect} onChange={(e) => setAspect(e.target.value)}>
              <option value="16:9">16:9 landscape</option>
              <option value="9:16">9:16 portrait</option>
              <option value="1:1">1:1 square</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="clip">Clip duration</label>
            <select id="clip" value={clipSeconds} onChange={(e) => setClipSeconds(e.target.value)}>
              <option value="4">4 seconds</option>
              <option value="6">6 seconds</option>
              <option value="8">8 seconds</option>
            </select>
          </div>
        </div>

        <div className="field">
          <label htmlFor="song">Song (optional)</label>
          <input id="song" ref={songInput} type="file" accept="audio/*,.mp3,.wav,.m4a,.aac,.ogg,.flac" onChange={onSong} aria-describedby="song-status" />
          <p id="song-status" className={songState.error ? "error-text" : "hint"} role="status">
            {songState.busy
              ? "Uploading the song…"
              : songState.error
                ? `The song could not be used: ${songState.error}`
                : song
                  ? `${song.filename}: ${formatDuration(song.duration_seconds)}. The video will be exactly as long as the song.`
                  : "mp3, wav, m4a, aac, ogg or flac, up to 50 MB."}
          </p>
          {song && (
            <button type="button" onClick={removeSong}>
              Remove song
            </button>
          )}
        </div>

        <fieldset className="references" aria-describedby="reference-status">
          <legend>Character reference</legend>
          <div className="reference-controls">
            <div className="field inline">
              <label htmlFor="image-count">Images</label>
              <select id="image-count" value={imageCount} onChange={(e) => setImageCount(e.target.value)}>
                {[1, 2, 3, 4].map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </div>
            <button type="button" onClick={generate} disabled={generating}>
              {generating ? "Generating…" : slots.some((s) => s.origin === "generated") ? "Regenerate all" : "Generate references"}
            </button>
            <div className="field inline">
              <label htmlFor="upload-reference">Or upload your own</label>
              <input id="upload-reference" type="file" accept="image/png,image/jpeg,image/webp" onChange={onUploadReference} />
            </div>
          </div>
          <p id="reference-status" className="hint" role="status">
            {referenceMessage ?? "Generate 1–4 images from the character description, or upload one, then select exactly one."}
          </p>
          {uploadError && (
            <p className="error-text" role="alert">
              The image could not be uploaded: {uploadError}
            </p>
          )}
          {slots.length > 0 && (
            <div className="reference-grid" role="radiogroup" aria-label="Reference images">
              {slots.map((slot, i) => (
                <ReferenceImage
                  key={slot.key}
                  name={`${formId}-reference`}
                  label={`${slot.origin === "uploaded" ? "Uploaded image" : "Generated image"} ${i + 1}`}
                  id={slot.id}
                  error={slot.error}
                  selected={slot.id !== null && slot.id === selected}
                  onSelect={() => slot.id && setSelected(slot.id)}
                />
              ))}
            </div>
          )}
        </fieldset>

        <div className="submit-row">
          <button type="submit" className="primary" aria-disabled={!selected || starting} aria-describedby="submit-message">
            Generate Videos
          </button>
          <button type="button" onClick={() => void start(false)} disabled={starting}>
            Quick Job
          </button>
          <p id="submit-message" className={submitMessage ? "error-text" : "hint"} role="status">
            {starting
              ? "Starting the job…"
              : (submitMessage ?? (selected ? "Ready: the selected reference is used in every clip." : "Generate Videos needs a selected reference; Quick Job starts right away."))}
          </p>
        </div>
      </form>
    </section>
  );
}
