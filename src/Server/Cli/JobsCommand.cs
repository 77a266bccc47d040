using System.CommandLine;
using MusicVideo.Api;
using MusicVideo.Core.Providers.Local;
using MusicVideo.Core.Storage;
using MusicVideo.Server.Hosting;
using Spectre.Console;

namespace MusicVideo.Server.Cli;

/// <summary>`jobs`: music video jobs with their media (as DELETE /api/mv/jobs/{id} does), over the data folder.</summary>
static class JobsCommand
{
    public static Command Create()
    {
        var command = new Command("jobs", "Manage music video jobs together with their media.");
        var id = new Argument<string>("id") { Description = "The job id." };
        var delete = new Command("delete", "Delete a finished job, its clip sub-orchestrations and the videos no other job uses.") { id };
        delete.SetAction(async (parse, ct) =>
        {
            var options = ProductHost.Options();
            var (store, client) = await ProductHost.OpenClientAsync(options);
            await using (store)
            {
                var media = new LocalMediaStore(new LocalMediaStoreOptions(Path.Combine(options.DataDirectory, "media")));
                using var clips = new LocalClipGenerator(new LocalProviderOptions { WorkDirectory = Path.Combine(options.DataDirectory, "providers") });
                string jobId = parse.GetValue(id)!;
                var (outcome, refusal, status) = await new JobDeleter(client, media, clips).DeleteAsync(jobId, ct);
                switch (refusal)
                {
                    case JobDeleter.Refusal.NotFound:
                        AnsiConsole.MarkupLineInterpolated($"[red]error:[/] no music video job with id '{jobId}'; nothing deleted.");
                        return 1;
                    case JobDeleter.Refusal.Running:
                        AnsiConsole.MarkupLineInterpolated($"[red]error:[/] job '{jobId}' is {status}; run `instances terminate {jobId}` first.");
                        return 1;
                }

                AnsiConsole.MarkupLineInterpolated(
                    $"Deleted job {jobId}: {outcome!.InstancesDeleted} instance(s), {outcome.DeletedVideoIds.Count} video(s); kept {outcome.KeptVideoIds.Count} video(s) another job still uses.");
                return 0;
            }
        });
        command.Subcommands.Add(delete);
        return command;
    }
}
