import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { getInstance, listInstances, runOperation, runtimeStatuses, type InstanceStatus, type Operation } from "../api/management";
import { formatTime } from "../components/format";
import { useTitle } from "../components/useTitle";

const pageSize = 25;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The operators' view over the management API: instance list with filters and paging, or one instance in detail. */
export function OperationsPage() {
  const { instanceId } = useParams();
  return instanceId ? <InstanceDetail id={instanceId} /> : <InstanceList />;
}

interface Filters {
  statuses: string[];
  prefix: string;
  from: string;
  to: string;
}

function InstanceList() {
  useTitle("Operations");
  const [filters, setFilters] = useState<Filters>({ statuses: [], prefix: "", from: "", to: "" });
  const [draft, setDraft] = useState<Filters>(filters);
  // tokens[i] is the continuation token that loads page i (page 0 has none).
  const [tokens, setTokens] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState(0);
  const [instances, setInstances] = useState<InstanceStatus[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const result = await listInstances(
        {
          statuses: filters.statuses,
          prefix: filters.prefix.trim() || undefined,
          createdFrom: filters.from ? new Date(filters.from).toISOString() : undefined,
          createdTo: filters.to ? new Date(filters.to).toISOString() : undefined,
          top: pageSize,
        },
        tokens[page],
      );
      setInstances(result.instances);
      setNext(result.continuationToken);
    } catch (e) {
      setError(message(e));
    } finally {
      setLoading(false);
    }
  }, [filters, tokens, page]);

  useEffect(() => {
    void load();
  }, [load]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
    setTokens([null]);
    setPage(0);
  };

  const toggleStatus = (status: string) =>
    setDraft((d) => ({ ...d, statuses: d.statuses.includes(status) ? d.statuses.filter((s) => s !== status) : [...d.statuses, status] }));

  const goNext = () => {
    if (!next) return;
    setTokens((t) => [...t.slice(0, page + 1), next]);
    setPage((p) => p + 1);
  };

  return (
    <section className="page" aria-labelledby="ops-title">
      <h1 id="ops-title">Operations</h1>
      <p className="hint">Every orchestration instance on this server (jobs, their clip sub-orchestrations, seed operations), over the Durable Functions management API.</p>
      <form className="card filters" onSubmit={apply} aria-label="Filter instances">
        <fieldset>
          <legend>Status</legend>
          {runtimeStatuses.map((status) => (
            <label key={status} className="choice">
              <input type="checkbox" checked={draft.statuses.includes(status)} onChange={() => toggleStatus(status)} />
              {status}
            </label>
          ))}
        </fieldset>
        <div className="field-row">
          <div className="field">
            <label htmlFor="ops-prefix">Instance id prefix</label>
            <input id="ops-prefix" value={draft.prefix} onChange={(e) => setDraft({ ...draft, prefix: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="ops-from">Created from</label>
            <input id="ops-from" type="datetime-local" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="ops-to">Created to</label>
            <input id="ops-to" type="datetime-local" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            Apply filters
          </button>
          <button type="button" onClick={() => void load()} disabled={loading}>
            {loading ? "Refreshing…" : "Refresh"}
          </button>
        </div>
      </form>
      {error && (
        <p className="error-text" role="alert">
          The instances could not be loaded: {error}
        </p>
      )}
      {instances && instances.length === 0 && <p>No instance matches these filters.</p>}
      {instances && instances.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Orchestration instances, page {page + 1}</caption>
            <thead>
              <tr>
                <th scope="col">Instance</th>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Last updated</th>
              </tr>
            </thead>
            <tbody>
              {instances.map((instance) => (
                <tr key={instance.instanceId} data-testid="instance-row" data-instance-id={instance.instanceId}>
                  <td className="mono">
                    <Link to={`/operations/${encodeURIComponent(instance.instanceId)}`}>{instance.instanceId}</Link>
                  </td>
                  <td>{instance.name}</td>
                  <td>
                    <span className={`status status-${instance.runtimeStatus.toLowerCase()}`}>{instance.runtimeStatus}</span>
                  </td>
                  <td>{formatTime(instance.createdTime)}</td>
                  <td>{formatTime(instance.lastUpdatedTime)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label="Instance pages">
        <button type="button" onClick={() => setPage((p) => p - 1)} disabled={page === 0 || loading}>
          Previous page
        </button>
        <span>Page {page + 1}</span>
        <button type="button" onClick={goNext} disabled={!next || loading}>
          Next page
        </button>
      </nav>
    </section>
  );
}

const operations: { op: Operation; label: string; allowed: (status: string) => boolean; explain: string }[] = [
  { op: "terminate", label: "Terminate", allowed: (s) => ["Running", "Pending", "Suspended"].includes(s), explain: "stops the instance and its sub-orchestrations for good" },
  { op: "suspend", label: "Suspend", allowed: (s) => ["Running", "Pending"].includes(s), explain: "pauses the instance until it is resumed" },
  { op: "resume", label: "Resume", allowed: (s) => s === "Suspended", explain: "continues a suspended instance" },
  { op: "rewind", label: "Rewind", allowed: (s) => s === "Failed", explain: "re-runs only the failed calls; finished work is kept" },
  { op: "restart", label: "Restart", allowed: () => true, explain: "starts the instance again from its input" },
  { op: "purge", label: "Purge", allowed: (s) => ["Completed", "Failed", "Terminated", "Canceled"].includes(s), explain: "deletes the instance and its history" },
];

function InstanceDetail({ id }: { id: string }) {
  useTitle(`Instance ${id}`);
  const navigate = useNavigate();
  const [instance, setInstance] = useState<InstanceStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<(typeof operations)[number] | null>(null);
  const [reason, setReason] = useState("");
  const [newId, setNewId] = useState(false);
  const [refresh, setRefresh] = useState(0);
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const load = async () => {
      try {
        const status = await getInstance(id, true);
        if (stopped) return;
        setInstance(status);
        setError(null);
        if (["Running", "Pending", "Suspended"].includes(status.runtimeStatus)) timer = window.setTimeout(load, 2000);
      } catch (e) {
        if (!stopped) setError(message(e));
      }
    };
    void load();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [id, refresh]);

  const ask = (operation: (typeof operations)[number], button: HTMLButtonElement) => {
    opener.current = button;
    setPending(operation);
    setReason("");
    setNewId(false);
    dialog.current?.showModal();
  };

  const close = () => {
    dialog.current?.close();
    setPending(null);
    opener.current?.focus();
  };

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (!pending) return;
    const operation = pending;
    close();
    setNotice(`${operation.label}…`);
    try {
      const result = await runOperation(id, operation.op, reason, newId);
      if (operation.op === "purge") {
        navigate("/operations");
        return;
      }
      setNotice(`${operation.label} requested.`);
      if (result && result !== id) navigate(`/operations/${encodeURIComponent(result)}`);
      else window.setTimeout(() => setRefresh((n) => n + 1), 300);
    } catch (e) {
      setNotice(`${operation.label} failed: ${message(e)}`);
    }
  };

  return (
    <section className="page" aria-labelledby="instance-title">
      <p>
        <Link to="/operations">← All instances</Link>
      </p>
      <h1 id="instance-title" className="mono">
        {id}
      </h1>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {instance && (
        <>
          <dl className="facts card">
            <dt>Name</dt>
            <dd>{instance.name}</dd>
            <dt>Status</dt>
            <dd>
              <span className={`status status-${instance.runtimeStatus.toLowerCase()}`} data-testid="instance-status">
                {instance.runtimeStatus}
              </span>
            </dd>
            <dt>Created</dt>
            <dd>{formatTime(instance.createdTime)}</dd>
            <dt>Last updated</dt>
            <dd>{formatTime(instance.lastUpdatedTime)}</dd>
            {instance.name === "MusicVideoJob" && (
              <>
                <dt>Job page</dt>
                <dd>
                  <Link to={`/jobs/${encodeURIComponent(instance.instanceId)}`}>Open the job</Link>
                </dd>
              </>
            )}
          </dl>
          <div className="actions operations" role="group" aria-label="Instance actions">
            {operations.map((operation) => (
              <button
                key={operation.op}
                type="button"
                className={operation.op === "terminate" || operation.op === "purge" ? "danger" : undefined}
                disabled={!operation.allowed(instance.runtimeStatus)}
                onClick={(e) => ask(operation, e.currentTarget)}
              >
                {operation.label}
              </button>
            ))}
          </div>
          <p role="status" data-testid="operation-notice">
            {notice}
          </p>
          <JsonBlock title="Custom status" value={instance.customStatus} open />
          <JsonBlock title="Input" value={instance.input} />
          <JsonBlock title="Output" value={instance.output} />
          <section aria-labelledby="history-title">
            <h2 id="history-title">History</h2>
            {instance.historyEvents?.length ? (
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">History events of {id}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Time</th>
                      <th scope="col">Event</th>
                      <th scope="col">Name</th>
                      <th scope="col">Details</th>
                    </tr>
                  </thead>
                  <tbody>
                    {instance.historyEvents.map((event, i) => (
                      <tr key={i}>
                        <td className="mono">{String(event.Timestamp ?? "")}</td>
                        <td>{String(event.EventType ?? "")}</td>
                        <td>{String(event.FunctionName ?? event.Name ?? event.InstanceId ?? "")}</td>
                        <td className="wrap">{String(event.Reason ?? event.OrchestrationStatus ?? event.FireAt ?? "")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p>No history events.</p>
            )}
          </section>
        </>
      )}
      <dialog ref={dialog} aria-labelledby="confirm-title" onCancel={close}>
        {pending && (
          <form onSubmit={confirm}>
            <h2 id="confirm-title">
              {pending.label} {id}?
            </h2>
            <p>This {pending.explain}.</p>
            {pending.op !== "purge" && pending.op !== "restart" && (
              <div className="field">
                <label htmlFor="op-reason">Reason (optional)</label>
                <input id="op-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
              </div>
            )}
            {pending.op === "restart" && (
              <label className="choice">
                <input type="checkbox" checked={newId} onChange={(e) => setNewId(e.target.checked)} />
                Restart under a new instance id
              </label>
            )}
            <div className="actions">
              <button type="submit" className={pending.op === "terminate" || pending.op === "purge" ? "danger" : "primary"}>
                {pending.label}
              </button>
              <button type="button" onClick={close}>
                Cancel
              </button>
            </div>
          </form>
        )}
      </dialog>
    </section>
  );
}

function JsonBlock({ title, value, open = false }: { title: string; value: unknown; open?: boolean }) {
  return (
    <details className="json" open={open}>
      <summary>{title}</summary>
      <pre tabIndex={0}>{value === null || value === undefined ? "null" : JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}
