using System.CommandLine;
using Microsoft.DurableTask.Client;
using MusicVideo.Api.Management;
using MusicVideo.Server.Hosting;
using Spectre.Console;

namespace MusicVideo.Server.Cli;

/// <summary>`instances`: the operator's verbs over the data folder's store (a running server picks the changes up).</summary>
static class InstancesCommand
{
    public static Command Create()
    {
        var command = new Command("instances", "List, inspect and manage orchestration instances.");

        var status = new Option<string[]>("--status") { Description = "Only these statuses (Running, Completed, Failed, ...).", AllowMultipleArgumentsPerToken = true };
        var prefix = new Option<string?>("--prefix") { Description = "Only ids starting with this." };
        var top = new Option<int>("--top") { Description = "At most this many (1-1000; default 50).", DefaultValueFactory = _ => 50 };
        var continuation = new Option<string?>("--continue") { Description = "Show the page after the one that printed this token." };
        var all = new Option<bool>("--all") { Description = "Show every matching instance." };
        var list = new Command("list", "List instances, newest first.") { status, prefix, top, continuation, all };
        list.SetAction((parse, ct) => WithClientAsync(async client =>
        {
            var statuses = new List<OrchestrationRuntimeStatus>();
            foreach (string s in parse.GetValue(status) ?? [])
            {
                if (!Enum.TryParse<OrchestrationRuntimeStatus>(s, ignoreCase: true, out var parsed) || int.TryParse(s, out _))
                {
                    AnsiConsole.MarkupLineInterpolated($"[red]error:[/] '{s}' is not a status; use {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.");
                    return 2;
                }

                statuses.Add(parsed);
            }

            int pageSize = parse.GetValue(top);
            if (pageSize is < 1 or > 1000)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] --top must be from 1 to 1000; got {pageSize}.");
                return 2;
            }

            var query = new OrchestrationQuery(Statuses: statuses, InstanceIdPrefix: parse.GetValue(prefix), PageSize: pageSize, ContinuationToken: parse.GetValue(continuation));
            var shown = new List<OrchestrationMetadata>();
            (IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken) page = default;
            try
            {
                do
                {
                    page = await PageAsync(client, query, ct);
                    shown.AddRange(page.Instances);
                    query = query with { ContinuationToken = page.ContinuationToken };
                }
                while (parse.GetValue(all) && page.ContinuationToken is not null);
            }
            catch (ArgumentException)
            {
                AnsiConsole.MarkupLine("[red]error:[/] --continue takes the token printed by the previous `instances list`; run it without --continue for the first page.");
                return 2;
            }

            // How many more match, so nothing is silently hidden.
            int more = 0;
            for (var rest = query with { PageSize = 1000 }; rest.ContinuationToken is not null;)
            {
                var next = await PageAsync(client, rest, ct);
                more += next.Instances.Count;
                rest = rest with { ContinuationToken = next.ContinuationToken };
            }

            if (Console.IsOutputRedirected)
            {
                // Scripts get one tab-separated line per instance, ids never wrapped.
                foreach (var m in shown)
                {
                    Console.WriteLine($"{m.InstanceId}\t{m.Name}\t{m.RuntimeStatus}\t{m.CreatedAt:u}\t{m.LastUpdatedAt:u}");
                }
            }
            else
            {
                var table = new Table().AddColumns("Instance", "Name", "Status", "Created (UTC)", "Updated (UTC)");
                table.Columns[0].NoWrap();
                foreach (var m in shown)
                {
                    table.AddRow(Markup.Escape(m.InstanceId), Markup.Escape(m.Name), m.RuntimeStatus.ToString(), $"{m.CreatedAt:u}", $"{m.LastUpdatedAt:u}");
                }

                AnsiConsole.Write(table);
            }

            // The notice goes to stderr, so piped output stays one instance per line.
            if (more > 0)
            {
                Console.Error.WriteLine($"{shown.Count} shown, newest first; {more} more match. Next page: --continue {page.ContinuationToken} (or --all, or a larger --top).");
            }
            else
            {
                Console.Error.WriteLine($"{shown.Count} instance(s), newest first.");
            }

            return 0;
        }));
        command.Subcommands.Add(list);

        var id = new Argument<string>("id") { Description = "The instance id." };
        var history = new Option<bool>("--history") { Description = "Include the history events." };
        var show = new Command("show", "Show an instance's status payload (as the HTTP API returns it).") { id, history };
        show.SetAction((parse, ct) => WithClientAsync(async client =>
        {
            string instanceId = parse.GetValue(id)!;
            var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct);
            if (metadata is null)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] no instance with id '{instanceId}'.");
                return 1;
            }

            var events = parse.GetValue(history) ? (await client.GetOrchestrationHistoryAsync(instanceId, ct)).ToList() : null;
            Console.WriteLine(StatusPayload.Create(metadata, showInput: true, events, showHistoryOutput: true)
                .ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }));
        command.Subcommands.Add(show);

        var reason = new Option<string?>("--reason") { Description = "Why (recorded in history)." };
        command.Subcommands.Add(Operation("terminate", "Terminate a running instance.", id, reason, (c, i, r, ct) => c.TerminateInstanceAsync(i, new TerminateInstanceOptions(r, Recursive: true), ct)));
        command.Subcommands.Add(Operation("rewind", "Re-run the failed calls of a Failed instance, keeping every success.", id, reason, (c, i, r, ct) => c.RewindInstanceAsync(i, r ?? "rewound with musicvideo instances rewind", ct)));
        command.Subcommands.Add(Operation("suspend", "Suspend an instance.", id, reason, (c, i, r, ct) => c.SuspendInstanceAsync(i, r, ct)));
        command.Subcommands.Add(Operation("resume", "Resume a suspended instance.", id, reason, (c, i, r, ct) => c.ResumeInstanceAsync(i, r, ct)));

        var newId = new Option<bool>("--new-id") { Description = "Restart under a new instance id." };
        var restart = new Command("restart", "Run an instance again with its original input.") { id, newId };
        restart.SetAction((parse, ct) => WithClientAsync(async client =>
        {
            string started = await client.RestartAsync(parse.GetValue(id)!, parse.GetValue(newId), ct);
            AnsiConsole.MarkupLineInterpolated($"Restarted as [bold]{started}[/].");
            return 0;
        }));
        command.Subcommands.Add(restart);

        var purge = new Command("purge", "Delete a finished instance and its history.") { id };
        purge.SetAction((parse, ct) => WithClientAsync(async client =>
        {
            string instanceId = parse.GetValue(id)!;
            var metadata = await client.GetInstanceAsync(instanceId, cancellation: ct);
            if (metadata is null)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] no instance with id '{instanceId}'; nothing purged.");
                return 1;
            }

            if (!metadata.IsCompleted)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] instance '{instanceId}' is {metadata.RuntimeStatus}; only finished instances are purged. Run `instances terminate {instanceId}` first.");
                return 1;
            }

            var result = await client.PurgeInstanceAsync(instanceId, new PurgeInstanceOptions(Recursive: true), ct);
            AnsiConsole.MarkupLineInterpolated($"{result.PurgedInstanceCount} instance(s) purged.");
            return result.PurgedInstanceCount > 0 ? 0 : 1;
        }));
        command.Subcommands.Add(purge);
        return command;
    }

    /// <summary>One page of a query, from its continuation token (Microsoft's pageable, read a page at a time).</summary>
    static async Task<(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken)> PageAsync(
        DurableTaskClient client, OrchestrationQuery query, CancellationToken ct)
    {
        await foreach (var page in client.GetAllInstancesAsync(query).AsPages(query.ContinuationToken, query.PageSize).WithCancellation(ct))
        {
            return (page.Values, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return ([], null);
    }

    static Command Operation(string name, string description, Argument<string> id, Option<string?> reason, Func<DurableTaskClient, string, string?, CancellationToken, Task> run)
    {
        var command = new Command(name, description) { id, reason };
        command.SetAction((parse, ct) => WithClientAsync(async client =>
        {
            await run(client, parse.GetValue(id)!, parse.GetValue(reason), ct);
            AnsiConsole.MarkupLineInterpolated($"{name}: accepted for {parse.GetValue(id)}.");
            return 0;
        }));
        return command;
    }

    static async Task<int> WithClientAsync(Func<DurableTaskClient, Task<int>> action)
    {
        var (store, client) = await ProductHost.OpenClientAsync(ProductHost.Options());
        await using (store)
        {
            try
            {
                return await action(client);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
                return 1;
            }
        }
    }
}
