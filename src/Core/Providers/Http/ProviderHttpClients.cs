using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace MusicVideo.Core.Providers.Http;

/// <summary>Registers a provider's named <see cref="HttpClient"/> with the resilience pipeline every provider shares.</summary>
public static class ProviderHttpClients
{
    /// <summary>
    /// Adds the named client: total timeout → retries (exponential back-off with jitter, transient failures only, <c>Retry-After</c> honoured up to
    /// <see cref="ProviderHttpOptions.MaxInlineRetryAfter"/>) → per-attempt timeout. Requests marked <see cref="ProviderRequests.MarkNotIdempotent"/>
    /// are retried only when the provider surely did nothing (429, refused connection), so a lost answer never creates a second paid job.
    /// </summary>
    public static IHttpClientBuilder AddProviderHttpClient(
        this IServiceCollection services, string name, Uri baseAddress, ProviderHttpOptions options, Action<HttpClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(options);
        var builder = services.AddHttpClient(name, client =>
        {
            client.BaseAddress = baseAddress;
            // The resilience pipeline owns timeouts; HttpClient's own 100 s would cut a long total short.
            client.Timeout = Timeout.InfiniteTimeSpan;
            configure?.Invoke(client);
        });
        builder.AddResilienceHandler("provider", pipeline => Configure(pipeline, options));
        return builder;
    }

    /// <summary>Builds the shared pipeline (public so a stand-alone client, e.g. in a benchmark, can use the same one).</summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ProviderHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(options);
        pipeline
            .AddTimeout(options.TotalTimeout)
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, options.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage(), options)),
            })
            .AddTimeout(options.AttemptTimeout);
    }

    static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request, ProviderHttpOptions options)
    {
        if (!HttpClientResiliencePredicates.IsTransient(outcome))
        {
            return false;
        }

        var response = outcome.Result;
        if (response is not null && ProviderHttpErrors.RetryAfterOf(response) is { } wait && wait > options.MaxInlineRetryAfter)
        {
            // A long wait belongs on a durable timer, not in a blocked activity.
            return false;
        }

        return !(request ?? response?.RequestMessage).IsNotIdempotent()
            || ProviderHttpErrors.ProviderSurelyDidNothing(response?.StatusCode, outcome.Exception);
    }
}
