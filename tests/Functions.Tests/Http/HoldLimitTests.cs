using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MusicVideo.Api;
using MusicVideo.Functions.Tests.Infrastructure;

namespace MusicVideo.Functions.Tests.Http;

/// <summary>
/// Azure's front end drops an HTTP request after 230 s, so under Functions no request is held past the host's longest
/// hold, whatever <c>?wait=N</c> or <c>Prefer: wait=N</c> asks: the client gets 202 and the status URLs instead.
/// </summary>
public sealed class HoldLimitTests
{
    [Fact]
    public void FunctionsDefaults_HoldBelowAzuresRequestLimit()
    {
        var holds = ResolveHolds(new Dictionary<string, string?>());

        Assert.Equal(TimeSpan.FromSeconds(220), holds.MaxHold);
        Assert.Equal(TimeSpan.FromSeconds(200), holds.SeedHold);
    }

    [Fact]
    public void MaxHoldSetting_IsReadFromTheAppSettings()
    {
        var holds = ResolveHolds(new Dictionary<string, string?> { [LongOperationOptions.MaxHoldSecondsKey] = "60" });

        Assert.Equal(TimeSpan.FromSeconds(60), holds.MaxHold);
        Assert.Equal(TimeSpan.FromSeconds(200), holds.SeedHold);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("901")]
    [InlineData("four minutes")]
    public void BadMaxHoldSetting_IsAStartupErrorNamingTheSetting(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => ResolveHolds(new Dictionary<string, string?> { [LongOperationOptions.MaxHoldSecondsKey] = value }));

        Assert.Contains(LongOperationOptions.MaxHoldSecondsKey, error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitLongerThanTheMaxHold_Answers202WithTheStatusUrls_AndTheJobGoesOn()
    {
        // Every clip render takes at least 4 s, so the job cannot be done within the 1 s the host allows.
        var options = WorkflowHost.NewOptions("hold-limit") with { MinimumJobDuration = TimeSpan.FromSeconds(4) };
        await using var host = await WorkflowHost.StartFunctionsAsync(options, new LongOperationOptions { MaxHold = TimeSpan.FromSeconds(1) });
        var invoker = new FunctionsHttpInvoker(host);
        byte[] body = Encoding.UTF8.GetBytes("{\"idea\":\"a paper boat in the rain\",\"character_description\":\"a child in a green coat\",\"number_of_scenes\":1,\"clip_duration\":4}");

        var answer = await invoker.SendAsync("POST", "/api/mv/jobs?wait=600", "application/json", body);

        Assert.True(answer.Status == 202, answer.Body);
        var payload = JsonNode.Parse(answer.Body)!;
        string id = payload["id"]!.GetValue<string>();
        Assert.StartsWith($"{FunctionsHttpInvoker.BaseUrl}/runtime/webhooks/durabletask/instances/{id}", payload["statusQueryGetUri"]!.GetValue<string>(), StringComparison.Ordinal);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, timeout.Token);
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
    }

    static LongOperationOptions ResolveHolds(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddMusicVideoFunctions(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<LongOperationOptions>();
    }
}
