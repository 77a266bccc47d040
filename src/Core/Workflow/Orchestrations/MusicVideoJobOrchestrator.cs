using MusicVideo.Core.Providers;
using MusicVideo.Core.Storage;
using MusicVideo.Core.Workflow.Activities;
using MusicVideo.Core.Workflow.Models;
using Microsoft.DurableTask;

namespace MusicVideo.Core.Workflow.Orchestrations;

/// <summary>The quick job: write the scenes, render one clip per scene in parallel, stitch the clips that succeeded with the song.</summary>
/// <remarks>
/// A scene whose clip fails for good is reported and left out; the job fails only when no clip succeeded. Edits run
/// this same orchestration with pre-written scenes and clips to reuse, so a new cut redoes only what changed.
/// </remarks>
/// <remarks>
/// Everything that shapes the call sequence (clip attempts, retry delay) comes from the input, never from host
/// configuration read at replay time, so a change of configuration cannot break a running instance.
/// </remarks>
public sealed class MusicVideoJobOrchestrator : TaskOrchestrator<MusicVideoJobInput, MusicVideoJobResult>
{
    /// <summary>Prompts in the live status are shortened to keep it under the 16 KB custom status limit.</summary>
    const int StatusPromptLength = 400;

    /// <inheritdoc />
    public override async Task<MusicVideoJobResult> RunAsync(TaskOrchestrationContext context, MusicVideoJobInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        if ((input is null ? "The job input is missing; send the documented JSON object." : JobInputValidator.Validate(input)) is { } reason)
        {
            // The same limits and messages as POST /api/mv/jobs, for instances started any other way.
            context.SetCustomStatus(new JobProgress { Stage = JobStage.Failed, Error = reason });
            throw new PermanentFailureException(reason);
        }

        var status = new JobProgress();
        ArgumentNullException.ThrowIfNull(input);
        void Publish(JobProgress next)
        {
            status = next;
            context.SetCustomStatus(next with
            {
                Scenes = next.Scenes.Select(s => s with
                {
                    Prompt = Shorten(s.Prompt, StatusPromptLength),
                    NegativePrompt = s.NegativePrompt is null ? null : Shorten(s.NegativePrompt, 200),
                }).ToList(),
            });
        }

        void UpdateScene(int index, Func<SceneProgress, SceneProgress> change)
        {
            var scenes = status.Scenes.Select(s => s.Index == index ? change(s) : s).ToList();
            Publish(status with { Scenes = scenes, CostUsd = status.PlanCostUsd + scenes.Sum(s => s.CostUsd) });
        }

        Publish(status);
        // Chosen before the first await, so every replay makes the same key; it differs per execution (a restart under the same id is a new plan).
        string planKey = PlanCostKey(context);
        List<SceneDraft> drafts;
        decimal planCost;
        try
        {
            (drafts, planCost) = await this.WriteScenesAsync(context, input, planKey);
        }
        catch (TaskFailedException ex) when (ex.TaskName == WorkflowNames.PlanScenesActivity)
        {
            // The calls of the failed attempts were paid for: the job shows what it spent before it fails (the stage still says where).
            decimal spent = await context.CallActivityAsync<decimal>(WorkflowNames.PlanCostActivity, planKey, RetryPolicies.Provider);
            Publish(status with { PlanCostUsd = spent, CostUsd = spent, Error = ex.FailureDetails.RootCauseMessage() });
            throw;
        }

        var reuse = input.ReuseClips ?? new Dictionary<int, Guid>();
        Publish(new JobProgress
        {
            Stage = JobStage.GeneratingClips,
            PlanCostUsd = planCost,
            CostUsd = planCost,
            Scenes = drafts.Select((d, i) => new SceneProgress
            {
                Index = i,
                Prompt = d.Description,
                NegativePrompt = d.NegativeDescription,
                ClipState = reuse.ContainsKey(i) ? SceneState.Reused : SceneState.Pending,
                VideoId = reuse.TryGetValue(i, out var id) ? id : null,
                VideoUrl = reuse.TryGetValue(i, out var reused) ? MediaStore.ApiRouteFor(MediaKind.Video, reused) : null,
            }).ToList(),
        });

        var clips = await Task.WhenAll(drafts.Select((draft, i) => reuse.TryGetValue(i, out var videoId)
            ? Task.FromResult<Guid?>(videoId)
            : this.RenderSceneAsync(context, input, draft, i, UpdateScene)));

        var ready = clips.Where(c => c is not null).Select(c => c!.Value).ToList();
        if (ready.Count == 0)
        {
            string reasons = string.Join("; ", status.Scenes.Select(s => $"scene {s.Index + 1}: {s.Error}"));
            Publish(status with { Stage = JobStage.Failed, Error = "No clip could be generated. " + reasons });
            throw new PermanentFailureException("No clip could be generated. " + reasons);
        }

        Publish(status with { Stage = JobStage.Stitching });
        var stitched = await context.CallActivityAsync<StitchOutput>(
            WorkflowNames.StitchActivity,
            new StitchInput(ready, input.SongId, input.LoopSong, SuppressClipAudio: input.SongId is not null, context.NewGuid(), FitToSong: input.SongId is not null),
            RetryPolicies.Stitching);
        Publish(status with { Stage = JobStage.Done, VideoId = stitched.VideoId, VideoUrl = stitched.VideoUrl });
        return new MusicVideoJobResult
        {
            VideoId = stitched.VideoId,
            VideoUrl = stitched.VideoUrl,
            DurationSeconds = stitched.DurationSeconds,
            SongApplied = stitched.SongApplied,
            Scenes = status.Scenes,
            CostUsd = status.CostUsd,
            PlanCostUsd = status.PlanCostUsd,
            FailedScenes = status.Scenes.Count(s => s.ClipState == SceneState.Failed),
        };
    }

    static SceneProgress WithCost(SceneProgress scene, decimal cost) =>
        scene with { CostUsd = scene.CostUsd + cost, AttemptCostsUsd = [.. scene.AttemptCostsUsd, cost] };

    static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    /// <summary>The key a plan's paid model calls are recorded under: one per orchestration execution, the same on every replay.</summary>
    internal static string PlanCostKey(TaskOrchestrationContext context) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{context.InstanceId}@{context.CurrentUtcDateTime.Ticks}");

    async Task<(List<SceneDraft> Drafts, decimal CostUsd)> WriteScenesAsync(TaskOrchestrationContext context, MusicVideoJobInput input, string planKey)
    {
        // The retry policy re-runs a failed plan activity; the key makes its result cost every attempt's calls, not just its own.
        var request = new ScenePlanRequest(
            input.Idea, input.CharacterDescription, input.Scenes?.Count ?? input.SceneCount, input.Mode, input.DirectorStyle,
            input.Seed, input.AspectRatio, input.ClipDurationSeconds, planKey);
        if (input.Scenes is null)
        {
            var plan = await context.CallActivityAsync<ScenePlan>(WorkflowNames.PlanScenesActivity, request, RetryPolicies.Planning);
            return (plan.Scenes.Select(s => new SceneDraft(s.Description, s.NegativeDescription)).ToList(), plan.CostUsd);
        }

        var drafts = input.Scenes.ToList();
        decimal cost = 0m;
        if (input.RewriteScenes is { Count: > 0 } rewrite)
        {
            // The edit's new seed gives a fresh plan; only the requested scenes take their new prompt from it.
            var plan = await context.CallActivityAsync<ScenePlan>(WorkflowNames.PlanScenesActivity, request, RetryPolicies.Planning);
            cost = plan.CostUsd;
            foreach (int index in rewrite)
            {
                drafts[index] = new SceneDraft(plan.Scenes[index].Description, plan.Scenes[index].NegativeDescription);
            }
        }

        return (drafts, cost);
    }

    async Task<Guid?> RenderSceneAsync(
        TaskOrchestrationContext context, MusicVideoJobInput input, SceneDraft draft, int index, Action<int, Func<SceneProgress, SceneProgress>> update)
    {
        var job = new ClipJob(draft.Description, draft.NegativeDescription, input.AspectRatio, input.ClipDurationSeconds, input.Seed + index, input.CharacterReferenceId);
        for (int attempt = 1; ; attempt++)
        {
            int current = attempt;
            update(index, s => s with { ClipState = SceneState.Generating, Attempts = current });
            // Chosen here rather than in the clip orchestration, so a failed attempt's cost can be asked for by its key.
            string key = context.NewGuid().ToString("N");
            try
            {
                var clip = await context.CallSubOrchestratorAsync<ClipAsset>(
                    WorkflowNames.GenerateClip, job with { AttemptKey = key }, new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}-scene{index + 1}-try{attempt}" });
                update(index, s => WithCost(s, clip.CostUsd) with
                {
                    ClipState = SceneState.Succeeded, VideoId = clip.VideoId, VideoUrl = clip.VideoUrl, Error = null,
                    BackendUsed = clip.BackendUsed, ModelUsed = clip.ModelUsed,
                });
                return clip.VideoId;
            }
            catch (TaskFailedException ex)
            {
                string error = ex.FailureDetails.RootCauseMessage();
                decimal cost = await context.CallActivityAsync<decimal>(WorkflowNames.ClipAttemptCostActivity, key, RetryPolicies.Provider);
                update(index, s => WithCost(s, cost));
                if (ex.FailureDetails.IsPermanent() || attempt >= input.ClipAttempts)
                {
                    update(index, s => s with { ClipState = SceneState.Failed, Error = error });
                    return null;
                }

                update(index, s => s with { ClipState = SceneState.Retrying, Error = error });
                var delay = TimeSpan.FromSeconds(input.ClipRetryDelaySeconds * Math.Pow(2, attempt - 1));
                await context.CreateTimer(delay, CancellationToken.None);
            }
        }
    }
}
