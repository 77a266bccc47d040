using System.Globalization;

namespace MusicVideo.Core.Providers.Scenes;

/// <summary>
/// A scene planner over an LLM with structured output: the seed's prompt for the mode, the answer validated, and the model
/// asked again (told what was wrong) when the answer is malformed, up to <see cref="MaxAttempts"/> calls.
/// </summary>
public abstract class StructuredScenePlanner : ScenePlanner
{
    readonly SceneCallLedger? _ledger;

    /// <summary>Creates the planner.</summary>
    /// <param name="maxAttempts">Model calls per plan when answers are malformed (1–10).</param>
    /// <param name="prices">Token prices per model; null: <see cref="TokenPriceTable.Default"/>.</param>
    /// <param name="ledger">Where each paid call of a request with a <see cref="ScenePlanRequest.CostKey"/> is recorded; null: nowhere.</param>
    protected StructuredScenePlanner(int maxAttempts, TokenPriceTable? prices = null, SceneCallLedger? ledger = null)
    {
        _ledger = ledger;
        Prices = prices ?? TokenPriceTable.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxAttempts, 10);
        MaxAttempts = maxAttempts;
    }

    /// <summary>The model recorded in the plan.</summary>
    public abstract string Model { get; }

    /// <summary>Model calls per plan when answers are malformed.</summary>
    public int MaxAttempts { get; }

    /// <summary>The token prices the plan's cost is computed with.</summary>
    public TokenPriceTable Prices { get; }

    /// <inheritdoc />
    public sealed override async Task<ScenePlan> PlanScenesAsync(ScenePlanRequest request, CancellationToken cancellationToken = default)
    {
        var checkedRequest = CheckedScenePlanRequest.From(request);
        var prompt = SceneWritingPrompt.For(checkedRequest);
        var turns = new List<SceneConversationTurn> { new(SceneConversationRole.User, prompt.UserPrompt) };
        var problem = string.Empty;
        // Every call is paid, also the malformed answers asked again, so the plan's cost is the sum over all of them.
        var usage = new TokenUsage(0, 0, 0);
        decimal cost = 0m;
        string? key = _ledger is not null && request.CostKey is { Length: > 0 } costKey ? costKey : null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var (answer, used) = await CompleteAsync(prompt.SystemInstruction, turns, checkedRequest.NumberOfScenes, cancellationToken).ConfigureAwait(false);
            used ??= new TokenUsage(0, 0);
            decimal callCost = Prices.CostOf(Model, used);
            usage = usage.Plus(used);
            cost += callCost;
            if (key is not null)
            {
                // Recorded before anything else can fail, so the call is counted even if this attempt fails later.
                await _ledger!.RecordAsync(key, new SceneCallCost(used, callCost), cancellationToken).ConfigureAwait(false);
            }

            if (SceneResponseParser.TryParse(answer, checkedRequest, out var scenes, out problem))
            {
                if (key is not null)
                {
                    // Also the calls of earlier attempts of this plan that failed (a 5xx after a malformed answer, a crash).
                    var total = await _ledger!.TotalAsync(key, cancellationToken).ConfigureAwait(false);
                    (usage, cost) = (total.Usage, total.CostUsd);
                }

                return new ScenePlan(scenes, checkedRequest.Mode, checkedRequest.Style?.Id, Name, Model, cost, usage);
            }

            turns.Add(new SceneConversationTurn(SceneConversationRole.Model, answer ?? string.Empty));
            turns.Add(new SceneConversationTurn(
                SceneConversationRole.User,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"That answer could not be used: {problem}. Answer again with exactly {checkedRequest.NumberOfScenes} scenes, as JSON in the required format only.")));
        }

        // Already retried here; more attempts at the activity level would only pay for the same mistake again.
        throw new ProviderException(
            string.Create(CultureInfo.InvariantCulture, $"The scene model ({Name} {Model}) returned unusable scenes {MaxAttempts} times; the last problem: {problem}."),
            ProviderErrorReason.Validation);
    }

    /// <summary>Sends the conversation to the model with the scene schema and returns its answer text and token usage; classified failures throw <see cref="ProviderException"/>.</summary>
    protected abstract Task<SceneAnswer> CompleteAsync(
        string systemInstruction, IReadOnlyList<SceneConversationTurn> turns, int numberOfScenes, CancellationToken cancellationToken);
}
