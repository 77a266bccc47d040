using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MusicVideo.Tests.Shared;

namespace MusicVideo.Durable.Tests;

public sealed class ManagementHttpApiTests : IAsyncLifetime
{
    readonly string _data = Directory.CreateTempSubdirectory("durable-http-").FullName;
    readonly HttpClient _http = new();
    ServerProcess _server = null!;

    string Api => _server.BaseUrl + "/runtime/webhooks/durabletask";

    public async Task InitializeAsync() => _server = await TestHostServer.StartAsync(_data);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task Start_Returns202WithLocationRetryAfterAndCheckStatusPayload_ThenStatusIs200WithHistory()
    {
        var response = await _http.PostAsJsonAsync($"{this.Api}/orchestrators/Hello", new[] { "Tokyo", "Oslo" });
        var payload = await response.Content.ReadFromJsonAsync<JsonNode>();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("10", response.Headers.GetValues("Retry-After").Single());
        string id = payload!["id"]!.GetValue<string>();
        string statusUri = payload["statusQueryGetUri"]!.GetValue<string>();
        Assert.Equal(statusUri, response.Headers.Location!.ToString());
        Assert.Equal($"{this.Api}/instances/{id}", statusUri);
        Assert.Equal($"{statusUri}/raiseEvent/{{eventName}}", payload["sendEventPostUri"]!.GetValue<string>());
        Assert.Equal($"{statusUri}/terminate?reason={{text}}", payload["terminatePostUri"]!.GetValue<string>());
        Assert.Equal($"{statusUri}/rewind?reason={{text}}", payload["rewindPostUri"]!.GetValue<string>());
        Assert.Equal(statusUri, payload["purgeHistoryDeleteUri"]!.GetValue<string>());
        Assert.Equal($"{statusUri}/restart", payload["restartPostUri"]!.GetValue<string>());
        Assert.Equal($"{statusUri}/suspend?reason={{text}}", payload["suspendPostUri"]!.GetValue<string>());
        Assert.Equal($"{statusUri}/resume?reason={{text}}", payload["resumePostUri"]!.GetValue<string>());

        var done = await this.PollAsync(statusUri + "?showHistory=true&showHistoryOutput=true", "Completed");
        Assert.Equal("Hello", done["name"]!.GetValue<string>());
        Assert.Equal(id, done["instanceId"]!.GetValue<string>());
        Assert.Equal(["Tokyo", "Oslo"], done["input"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["Hello Tokyo!", "Hello Oslo!"], done["output"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", done["createdTime"]!.GetValue<string>());
        var events = done["historyEvents"]!.AsArray();
        Assert.Equal("ExecutionStarted", events[0]!["EventType"]!.GetValue<string>());
        var completed = events.Where(e => e!["EventType"]!.GetValue<string>() == "TaskCompleted").ToList();
        Assert.Equal(2, completed.Count);
        Assert.Equal("SayHello", completed[0]!["FunctionName"]!.GetValue<string>());
        Assert.Equal("Hello Tokyo!", completed[0]!["Result"]!.GetValue<string>());
        Assert.Equal("Completed", events[^1]!["OrchestrationStatus"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"{this.Api}/instances/nope")).StatusCode);
    }

    [Fact]
    public async Task RunningInstance_Is202_EventsAre202Then410_AndUnknownIs404()
    {
        string id = await this.StartAsync("WaitForApproval", "\"order-1\"");
        var running = await _http.GetAsync($"{this.Api}/instances/{id}");
        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.Equal("5", running.Headers.GetValues("Retry-After").Single());
        Assert.NotNull(running.Headers.Location);

        var wrongType = await _http.PostAsync($"{this.Api}/instances/{id}/raiseEvent/approve", new StringContent("yes", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Contains("application/json", await wrongType.Content.ReadAsStringAsync());
        var badJson = await _http.PostAsync($"{this.Api}/instances/{id}/raiseEvent/approve", new StringContent("{nope", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsJsonAsync($"{this.Api}/instances/{id}/raiseEvent/approve", "granted")).StatusCode);
        var done = await this.PollAsync($"{this.Api}/instances/{id}", "Completed");
        Assert.Equal("order-1:granted", done["output"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.Gone, (await _http.PostAsJsonAsync($"{this.Api}/instances/{id}/raiseEvent/approve", "again")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PostAsJsonAsync($"{this.Api}/instances/missing/raiseEvent/approve", "x")).StatusCode);
    }

    [Fact]
    public async Task TerminateSuspendResumeRestartAndPurge_Work()
    {
        string suspended = await this.StartAsync("WaitForApproval", "\"s\"");
        await this.PollAsync($"{this.Api}/instances/{suspended}", "Running");
        Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsync($"{this.Api}/instances/{suspended}/suspend?reason=pause", null)).StatusCode);
        await this.PollAsync($"{this.Api}/instances/{suspended}", "Suspended");
        Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsJsonAsync($"{this.Api}/instances/{suspended}/raiseEvent/approve", "while-suspended")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsync($"{this.Api}/instances/{suspended}/resume?reason=go", null)).StatusCode);
        var resumed = await this.PollAsync($"{this.Api}/instances/{suspended}", "Completed");
        Assert.Equal("s:while-suspended", resumed["output"]!.GetValue<string>());

        string terminated = await this.StartAsync("WaitForApproval", "\"t\"");
        Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsync($"{this.Api}/instances/{terminated}/terminate?reason=stop%20now", null)).StatusCode);
        var ended = await this.PollAsync($"{this.Api}/instances/{terminated}", "Terminated");
        Assert.Equal("stop now", ended["output"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Gone, (await _http.PostAsync($"{this.Api}/instances/{terminated}/terminate", null)).StatusCode);

        var restart = await _http.PostAsync($"{this.Api}/instances/{terminated}/restart?restartWithNewInstanceId=true", null);
        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        string newId = (await restart.Content.ReadFromJsonAsync<JsonNode>())!["id"]!.GetValue<string>();
        Assert.NotEqual(terminated, newId);
        await this.PollAsync($"{this.Api}/instances/{newId}", "Running");
        var sameRestart = await _http.PostAsync($"{this.Api}/instances/{terminated}/restart", null);
        Assert.Equal(terminated, (await sameRestart.Content.ReadFromJsonAsync<JsonNode>())!["id"]!.GetValue<string>());
        await this.PollAsync($"{this.Api}/instances/{terminated}", "Running");
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PostAsync($"{this.Api}/instances/unknown/restart", null)).StatusCode);

        var purge = await _http.DeleteAsync($"{this.Api}/instances/{suspended}");
        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Equal(1, (await purge.Content.ReadFromJsonAsync<JsonNode>())!["instancesDeleted"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.DeleteAsync($"{this.Api}/instances/{suspended}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.DeleteAsync($"{this.Api}/instances")).StatusCode);
    }

    [Fact]
    public async Task Rewind_OfAFailedInstance_CompletesAfterTheFaultIsRemoved()
    {
        string fault = Path.Combine(_data, "fail");
        await File.WriteAllTextAsync(fault, "on");
        string id = await this.StartAsync("FragileJob", "\"Ann\"");
        var failed = await this.PollAsync($"{this.Api}/instances/{id}", "Failed");
        Assert.Contains("fault switch", failed["output"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.InternalServerError, (await _http.GetAsync($"{this.Api}/instances/{id}?returnInternalServerErrorOnFailure=true")).StatusCode);

        File.Delete(fault);
        Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsync($"{this.Api}/instances/{id}/rewind?reason=fixed", null)).StatusCode);
        var done = await this.PollAsync($"{this.Api}/instances/{id}", "Completed");

        Assert.Equal("Hello Ann! ok", done["output"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Gone, (await _http.PostAsync($"{this.Api}/instances/{id}/rewind", null)).StatusCode);
    }

    [Fact]
    public async Task List_PagesWithTopAndContinuationToken_AndPurgeByFilterCounts()
    {
        string prefix = "page-" + Guid.NewGuid().ToString("N")[..6] + "-";
        for (int i = 0; i < 5; i++)
        {
            var response = await _http.PostAsJsonAsync($"{this.Api}/orchestrators/Hello/{prefix}{i}", new[] { "A" });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        for (int i = 0; i < 5; i++)
        {
            await this.PollAsync($"{this.Api}/instances/{prefix}{i}", "Completed");
        }

        var ids = new List<string>();
        string? token = null;
        int pages = 0;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{this.Api}/instances?top=2&instanceIdPrefix={prefix}&runtimeStatus=Completed,Failed");
            if (token is not null)
            {
                request.Headers.Add("x-ms-continuation-token", token);
            }

            var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await response.Content.ReadFromJsonAsync<JsonArray>())!;
            Assert.InRange(page.Count, 1, 2);
            Assert.All(page, item => Assert.Null(item!["historyEvents"]));
            ids.AddRange(page.Select(n => n!["instanceId"]!.GetValue<string>()));
            token = response.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.Single() : null;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => prefix + i), ids.Order());
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync($"{this.Api}/instances?runtimeStatus=Sleeping")).StatusCode);

        string from = DateTime.UtcNow.AddHours(-1).ToString("o");
        var purge = await _http.DeleteAsync($"{this.Api}/instances?createdTimeFrom={Uri.EscapeDataString(from)}&runtimeStatus=Completed");
        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.True((await purge.Content.ReadFromJsonAsync<JsonNode>())!["instancesDeleted"]!.GetValue<int>() >= 5);
    }

    async Task<string> StartAsync(string name, string json)
    {
        var response = await _http.PostAsync($"{this.Api}/orchestrators/{name}", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!["id"]!.GetValue<string>();
    }

    async Task<JsonNode> PollAsync(string url, string status)
    {
        JsonNode? last = null;
        for (int i = 0; i < 200; i++)
        {
            var response = await _http.GetAsync(url);
            last = await response.Content.ReadFromJsonAsync<JsonNode>();
            if (last?["runtimeStatus"]?.GetValue<string>() == status)
            {
                Assert.Equal(status is "Running" or "Pending" or "Suspended" ? HttpStatusCode.Accepted : HttpStatusCode.OK, response.StatusCode);
                return last;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"{url} never reached {status}; last: {last}");
    }
}
