// The Durable Functions management API (/runtime/webhooks/durabletask) the operations page and the job page read.
import { getJson, getJsonWithHeaders, managementBase, sendJson, type InstanceStatus } from "./client";

export type { InstanceStatus };

export const runtimeStatuses = ["Running", "Pending", "Completed", "Failed", "Terminated", "Suspended", "ContinuedAsNew"] as const;

export interface InstanceQuery {
  statuses?: string[];
  prefix?: string;
  createdFrom?: string;
  createdTo?: string;
  top?: number;
  showInput?: boolean;
}

export interface InstancePage {
  instances: InstanceStatus[];
  continuationToken: string | null;
}

export async function listInstances(query: InstanceQuery, continuationToken?: string | null): Promise<InstancePage> {
  const params = new URLSearchParams();
  if (query.statuses?.length) params.set("runtimeStatus", query.statuses.join(","));
  if (query.prefix) params.set("instanceIdPrefix", query.prefix);
  if (query.createdFrom) params.set("createdTimeFrom", query.createdFrom);
  if (query.createdTo) params.set("createdTimeTo", query.createdTo);
  params.set("top", String(query.top ?? 50));
  params.set("showInput", String(query.showInput ?? false));
  const { body, headers } = await getJsonWithHeaders<InstanceStatus[]>(
    `${managementBase}/instances?${params}`,
    continuationToken ? { "x-ms-continuation-token": continuationToken } : {},
  );
  return { instances: body, continuationToken: headers.get("x-ms-continuation-token") };
}

export const getInstance = (id: string, history = false) =>
  getJson<InstanceStatus>(`${managementBase}/instances/${encodeURIComponent(id)}${history ? "?showHistory=true&showHistoryOutput=true" : ""}`);

export type Operation = "terminate" | "suspend" | "resume" | "rewind" | "restart" | "purge";

/** Runs an operator action; returns the id to show next (restart may make a new instance). */
export async function runOperation(id: string, operation: Operation, reason: string, newId = false): Promise<string | null> {
  const path = `${managementBase}/instances/${encodeURIComponent(id)}`;
  const why = encodeURIComponent(reason || "by an operator in the web UI");
  switch (operation) {
    case "purge":
      await sendJson("DELETE", path);
      return null;
    case "restart": {
      const { body } = await sendJson<{ id: string }>("POST", `${path}/restart?restartWithNewInstanceId=${newId}`);
      return body?.id ?? id;
    }
    default:
      await sendJson("POST", `${path}/${operation}?reason=${why}`);
      return id;
  }
}

/** Every instance matching a query, page by page (bounded), newest first. */
export async function listAll(query: InstanceQuery, maxInstances = 5000): Promise<InstanceStatus[]> {
  const all: InstanceStatus[] = [];
  let token: string | null = null;
  do {
    const page = await listInstances({ ...query, top: 1000 }, token);
    all.push(...page.instances);
    token = page.continuationToken;
  } while (token && all.length < maxInstances);
  return all.sort((a, b) => b.createdTime.localeCompare(a.createdTime) || b.instanceId.localeCompare(a.instanceId));
}
