using MusicVideo.Tests.Shared;

namespace MusicVideo.Durable.Tests;

/// <summary>Starts the engine's test host as a real server process over a data folder.</summary>
static class TestHostServer
{
    public static Task<ServerProcess> StartAsync(string dataFolder) => ServerProcess.StartAsync(
        ServerProcess.FindAssembly(Path.Combine("tests", "Durable.TestHost"), "MusicVideo.Durable.TestHost"), [dataFolder]);
}
