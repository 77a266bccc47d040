import type { JobView } from "../api/mv";
import { formatUsd } from "./format";

/** What the job's provider calls cost: the total, its split into writing the scenes and clips, and the character reference beside it. */
export function JobCosts({ job }: { job: JobView }) {
  const sceneCosts = job.scenes.map((s) => s.cost_usd).filter((c): c is number => c != null);
  // Rounded to the server's six decimals, so the sum does not show floating-point noise.
  const clips = sceneCosts.length > 0 ? Math.round(sceneCosts.reduce((sum, c) => sum + c, 0) * 1e6) / 1e6 : null;
  const reference = job.character_reference_cost_usd;
  if (job.cost_usd == null && job.plan_cost_usd == null && reference == null) return null;
  return (
    <div className="job-costs" role="group" aria-label="Provider cost" data-testid="job-costs">
      <dl className="facts">
        {job.cost_usd != null && (
          <>
            <dt>Provider cost</dt>
            <dd data-testid="cost-total">{formatUsd(job.cost_usd)}</dd>
          </>
        )}
        {job.plan_cost_usd != null && (
          <>
            <dt>Writing the scenes</dt>
            <dd data-testid="cost-plan">{formatUsd(job.plan_cost_usd)}</dd>
          </>
        )}
        {clips != null && (
          <>
            <dt>Clips</dt>
            <dd data-testid="cost-clips">{formatUsd(clips)}</dd>
          </>
        )}
        {reference != null && (
          <>
            <dt>Character reference</dt>
            <dd>
              <span data-testid="cost-reference">{formatUsd(reference)}</span>{" "}
              <span className="hint" data-testid="cost-reference-note">
                not part of the provider cost above: it was paid once, when the reference was generated, and every job and edit that uses it
                shares it.
              </span>
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}
