using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using Microsoft.Extensions.AI;
using MusicVideo.Core.Providers.Scenes;
using OpenAI;

namespace MusicVideo.Core.Providers.OpenAI;

/// <summary>
/// Writes scenes through any OpenAI-compatible chat completions endpoint with Microsoft.Extensions.AI's <see cref="IChatClient"/>
/// and structured output (a strict JSON schema); refusals and content filters are content-policy failures in words.
/// </summary>
public sealed class OpenAICompatibleScenePlanner : StructuredScenePlanner, IDisposable
{
    readonly OpenAICompatibleOptions _options;
    readonly IChatClient _chat;

    /// <summary>Creates the planner over an HTTP client (resilience comes from the client's handlers; the SDK's own retries are off).</summary>
    public OpenAICompatibleScenePlanner(HttpClient http, OpenAICompatibleOptions options, TokenPriceTable? prices = null, SceneCallLedger? ledger = null)
        : base(options?.SceneMaxAttempts ?? throw new ArgumentNullException(nameof(options)), prices, ledger)
    {
        ArgumentNullException.ThrowIfNull(http);
        _options = options;
        var client = new OpenAIClient(
            new ApiKeyCredential(options.ApiKey ?? "no-key"),
            new OpenAIClientOptions
            {
                Endpoint = options.BaseUrl,
                Transport = new HttpClientPipelineTransport(http),
                RetryPolicy = new ClientRetryPolicy(0),
                NetworkTimeout = options.Timeout,
            });
        _chat = client.GetChatClient(options.Model).AsIChatClient();
    }

    /// <summary>Creates the planner over any chat client (another Microsoft.Extensions.AI provider).</summary>
    public OpenAICompatibleScenePlanner(IChatClient chat, OpenAICompatibleOptions options, TokenPriceTable? prices = null, SceneCallLedger? ledger = null)
        : base(options?.SceneMaxAttempts ?? throw new ArgumentNullException(nameof(options)), prices, ledger)
    {
        _chat = chat ?? throw new ArgumentNullException(nameof(chat));
        _options = options;
    }

    /// <inheritdoc />
    public override string Name => "openai";

    /// <inheritdoc />
    public override string Model => _options.Model;

    /// <inheritdoc />
    public void Dispose() => _chat.Dispose();

    /// <inheritdoc />
    protected override async Task<SceneAnswer> CompleteAsync(
        string systemInstruction, IReadOnlyList<SceneConversationTurn> turns, int numberOfScenes, CancellationToken cancellationToken)
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, systemInstruction) };
        messages.AddRange(turns.Select(t => new ChatMessage(t.Role == SceneConversationRole.Model ? ChatRole.Assistant : ChatRole.User, t.Text)));
        var schema = JsonSerializer.SerializeToElement(SceneResponseSchema.ForJsonSchema(numberOfScenes));
        var chatOptions = new ChatOptions
        {
            ModelId = _options.Model,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "scene_response", "The scenes of one video, in playback order."),
            AdditionalProperties = new AdditionalPropertiesDictionary { ["strict"] = true },
        };

        ChatResponse response;
        try
        {
            response = await _chat.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (ClientResultException ex)
        {
            throw Classify(ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProviderException("The OpenAI-compatible endpoint did not answer the scene request in time.", ProviderErrorReason.Timeout, null, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ProviderException(
                $"The OpenAI-compatible endpoint could not be reached for the scene request ({ex.HttpRequestError}).", ProviderErrorReason.ServerError, null, ex);
        }
        catch (JsonException ex)
        {
            throw new ProviderException("The OpenAI-compatible endpoint answered the scene request with malformed JSON.", ProviderErrorReason.ServerError, null, ex);
        }

        if (response.FinishReason == ChatFinishReason.ContentFilter)
        {
            throw new ProviderException(
                "The scene model's content filter stopped the answer. Rephrase the idea or the character description.", ProviderErrorReason.ContentPolicy);
        }

        if (response.RawRepresentation is global::OpenAI.Chat.ChatCompletion { Refusal: { Length: > 0 } refusal })
        {
            throw new ProviderException(
                $"The scene model refused to write scenes: \"{Clip(refusal)}\". Rephrase the idea or the character description.", ProviderErrorReason.ContentPolicy);
        }

        // usage.prompt_tokens / completion_tokens (reasoning tokens are inside completion_tokens, billed as output).
        var usage = response.Usage is { } u ? new TokenUsage(u.InputTokenCount ?? 0, u.OutputTokenCount ?? 0) : null;
        return new SceneAnswer(response.Text, usage);
    }

    static ProviderException Classify(ClientResultException ex)
    {
        var raw = ex.GetRawResponse();
        TimeSpan? retryAfter = null;
        string? message = null;
        string? code = null;
        if (raw is not null)
        {
            if (raw.Headers.TryGetValue("Retry-After", out var value) && double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                retryAfter = TimeSpan.FromSeconds(seconds);
            }

            try
            {
                using var doc = JsonDocument.Parse(raw.Content);
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                    code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                }
            }
            catch (JsonException)
            {
                // Not the OpenAI error envelope: the status says enough.
            }
        }

        var status = ex.Status;
        if (status == 0)
        {
            return new ProviderException("The OpenAI-compatible endpoint could not be reached for the scene request.", ProviderErrorReason.ServerError, null, ex);
        }

        var said = $"The OpenAI-compatible endpoint refused the scene request: HTTP {status}: {Clip(message ?? raw?.ReasonPhrase ?? "no reason given")}";
        var reason = code is "content_filter" or "content_policy_violation" ? ProviderErrorReason.ContentPolicy : ProviderException.ClassifyHttpStatus(status);
        return new ProviderException(said, reason, retryAfter, ex);
    }

    static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
