import { useEffect, useRef, useState, type FormEvent } from "react";
import { currentApiKey, onApiKeyChange, registerKeyPrompt, setApiKey } from "../api/client";

/**
 * Asks for the API key when the server answers 401 (only servers with MV_API_KEYS do), keeps it in localStorage and
 * offers to forget it. The key travels only in the X-API-Key header, never in a URL.
 */
export function KeyDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const resolver = useRef<((key: string | null) => void) | null>(null);
  const [reason, setReason] = useState("");
  const [hasKey, setHasKey] = useState(currentApiKey() !== null);

  useEffect(() => onApiKeyChange((key) => setHasKey(key !== null)), []);

  useEffect(() => {
    registerKeyPrompt(
      (why) =>
        new Promise<string | null>((resolve) => {
          resolver.current = resolve;
          setReason(why);
          if (input.current) input.current.value = "";
          dialog.current?.showModal();
          input.current?.focus();
        }),
    );
    return () => registerKeyPrompt(null);
  }, []);

  const finish = (key: string | null) => {
    const resolve = resolver.current;
    resolver.current = null;
    if (dialog.current?.open) dialog.current.close();
    resolve?.(key);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const key = input.current?.value.trim() ?? "";
    if (key) finish(key);
  };

  return (
    <>
      {hasKey && (
        <button type="button" className="link-button" onClick={() => setApiKey(null)}>
          Forget API key
        </button>
      )}
      <dialog ref={dialog} aria-labelledby="key-title" onCancel={() => finish(null)}>
        <form onSubmit={submit}>
          <h2 id="key-title">API key needed</h2>
          <p>{reason}</p>
          <label htmlFor="api-key">API key</label>
          <input id="api-key" ref={input} type="password" autoComplete="off" required />
          <p className="hint">It is kept in this browser and sent as the X-API-Key header.</p>
          <div className="actions">
            <button type="submit" className="primary">
              Use this key
            </button>
            <button type="button" onClick={() => finish(null)}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
