using System.CommandLine;
using MusicVideo.Core.Storage;
using MusicVideo.Core.Workflow;
using MusicVideo.Core.Workflow.Models;
using Microsoft.DurableTask.Client;
using MusicVideo.Server.Hosting;
using Spectre.Console;

namespace MusicVideo.Server.Cli;

/// <summary>`run`: renders one music video with the embedded engine, showing per-scene progress, and writes the MP4.</summary>
static class RunCommand
{
    public static Command Create()
    {
        var idea = new Option<string>("--idea") { Description = "What the video is about.", Required = true };
        var character = new Option<string>("--character") { Description = "Who is in it.", Required = true };
        var scenes = new Option<int>("--scenes") { Description = "Number of scenes (1-12).", DefaultValueFactory = _ => 4 };
        var song = new Option<FileInfo?>("--song") { Description = "A song (mp3, wav, m4a, aac, ogg, flac); the video follows its length." };
        var aspect = new Option<string>("--aspect") { Description = "16:9, 9:16 or 1:1.", DefaultValueFactory = _ => "16:9" };
        var duration = new Option<int>("--clip-seconds") { Description = "Seconds per clip: 4, 6 or 8.", DefaultValueFactory = _ => 8 };
        var style = new Option<string?>("--style") { Description = "Director style (see get_director_configs)." };
        var mode = new Option<string>("--mode") { Description = "music-video or ad-creative.", DefaultValueFactory = _ => "music-video" };
        var seed = new Option<int>("--seed") { Description = "Seed for repeatable scenes and clips.", DefaultValueFactory = _ => 0 };
        var output = new Option<FileInfo?>("--out") { Description = "Where to write the MP4 (default out/<job id>.mp4)." };
        var command = new Command("run", "Render a music video with the embedded engine and local providers.")
        {
            idea, character, scenes, song, aspect, duration, style, mode, seed, output,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var input = new MusicVideoJobInput
            {
                Idea = parse.GetValue(idea)!,
                CharacterDescription = parse.GetValue(character)!,
                SceneCount = parse.GetValue(scenes),
                AspectRatio = parse.GetValue(aspect)!,
                ClipDurationSeconds = parse.GetValue(duration),
                DirectorStyle = parse.GetValue(style),
                Mode = parse.GetValue(mode)!,
                Seed = parse.GetValue(seed),
            };
            return await RunAsync(input, parse.GetValue(song), parse.GetValue(output), cancellation);
        });
        return command;
    }

    static async Task<int> RunAsync(MusicVideoJobInput input, FileInfo? song, FileInfo? output, CancellationToken cancellation)
    {
        if (JobInputValidator.Validate(input) is { } problem)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {problem}");
            return 2;
        }

        if (song is not null && !song.Exists)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] the song file '{song.FullName}' does not exist.");
            return 2;
        }

        var options = ProductHost.Options();
        input = input with { ClipAttempts = options.ClipAttempts, ClipRetryDelaySeconds = options.ClipRetryDelay.TotalSeconds };
        if (StaleWorkCleaner.Clean(options).Skipped)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] another worker process is already using the data folder {options.DataDirectory}; stop it or choose another data folder (MV_DATA_DIR).");
            return 1;
        }

        using var host = ProductHost.BuildWorkerHost(options);
        await host.StartAsync(cancellation);
        try
        {
            var client = host.Services.GetRequiredService<DurableTaskClient>();
            if (song is not null)
            {
                await using var stream = song.OpenRead();
                try
                {
                    var stored = await host.Services.GetRequiredService<MediaImporter>().ImportSongAsync(stream, song.Name, cancellation);
                    input = input with { SongId = stored.Id };
                }
                catch (InvalidDataException ex)
                {
                    AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
                    return 2;
                }
            }

            string id = await client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.MusicVideoJob, input, cancellation: cancellation);
            AnsiConsole.MarkupLineInterpolated($"Job [bold]{id}[/] started (data: {options.DataDirectory}).");
            var done = await JobProgressDisplay.FollowAsync(client, id, cancellation);
            if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                string reason = done.FailureDetails?.RootCauseMessage() ?? done.SerializedOutput ?? done.RuntimeStatus.ToString();
                AnsiConsole.MarkupLineInterpolated($"[red]Job {id} {done.RuntimeStatus}:[/] {reason}");
                // What was paid before it stopped (a plan's failed attempts, clip attempts) is real money too.
                if (done.ReadCustomStatusAs<JobProgress>() is { CostUsd: > 0 } spent)
                {
                    AnsiConsole.MarkupLineInterpolated(
                        $"Provider cost spent {Usd(spent.CostUsd)} (scenes {Usd(spent.PlanCostUsd)}, clips {Usd(spent.CostUsd - spent.PlanCostUsd)}).");
                }

                return 1;
            }

            var result = done.ReadOutputAs<MusicVideoJobResult>()!;
            var media = host.Services.GetRequiredService<MediaStore>();
            string target = output?.FullName ?? Path.GetFullPath(Path.Combine("out", id + ".mp4"));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using (var source = await media.OpenReadAsync(MediaKind.Video, result.VideoId, cancellation)
                ?? throw new InvalidOperationException("The finished video is missing from storage."))
            await using (var file = File.Create(target))
            {
                await source.CopyToAsync(file, cancellation);
            }

            foreach (var scene in result.Scenes.Where(s => s.ClipState == SceneState.Failed))
            {
                AnsiConsole.MarkupLineInterpolated($"[yellow]scene {scene.Index + 1} left out:[/] {scene.Error}");
            }

            AnsiConsole.MarkupLineInterpolated(
                $"[green]Done:[/] {result.DurationSeconds:0.0} s, {result.Scenes.Count - result.FailedScenes} of {result.Scenes.Count} scenes, provider cost {Usd(result.CostUsd)} (scenes {Usd(result.PlanCostUsd)}, clips {Usd(result.CostUsd - result.PlanCostUsd)}).");
            Console.WriteLine(target);
            return 0;
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[yellow]Stopped waiting; the job is durable and continues the next time the engine runs (musicvideo serve).[/]");
            return 130;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>US dollars as the CLI prints them: at least two decimals, at most six.</summary>
    static string Usd(decimal value) => "$" + value.ToString("0.00####", System.Globalization.CultureInfo.InvariantCulture);
}
