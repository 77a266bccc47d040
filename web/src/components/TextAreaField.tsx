import type { Ref } from "react";

/** A labelled textarea with its hint below, or its error in the hint's place; the one shown is its accessible description. */
export function TextAreaField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  placeholder,
  ref,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint: string;
  placeholder: string;
  ref?: Ref<HTMLTextAreaElement>;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        ref={ref}
        rows={3}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
        placeholder={placeholder}
      />
      {error ? (
        <p id={`${id}-error`} className="error-text">
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}
