using Microsoft.Extensions.DependencyInjection;
using MusicVideo.Core.Providers.Http;

namespace MusicVideo.Core.Tests.Providers;

/// <summary>HTTP clients with the product's resilience pipeline (short delays so retries stay quick), as the providers get them in the server.</summary>
static class ProviderClients
{
    public static HttpClient Create(Uri baseUrl, TimeSpan? attemptTimeout = null)
    {
        var services = new ServiceCollection();
        services.AddProviderHttpClient("test", baseUrl, new ProviderHttpOptions
        {
            BaseDelay = TimeSpan.FromMilliseconds(50),
            AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(10),
            TotalTimeout = TimeSpan.FromSeconds(30),
        });
        // The provider outlives the client only as long as the test; nothing it holds needs disposing before the process ends.
        return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>().CreateClient("test");
    }
}
