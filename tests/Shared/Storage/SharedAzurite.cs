namespace MusicVideo.Tests.Shared.Storage;

/// <summary>
/// One Azurite (Blob, Queue and Table services) for a whole test process, started on first use and killed when the process
/// exits: DTFx's azure-storage backend needs all three services, and tests isolate themselves by task hub and container names.
/// </summary>
static class SharedAzurite
{
    static readonly Lazy<Task<Azurite>> Instance = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gets the running Azurite, starting it on the first call.</summary>
    public static Task<Azurite> GetAsync() => Instance.Value;

    static async Task<Azurite> StartAsync()
    {
        var azurite = await Azurite.StartAllAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
        // The test host is often ended without ProcessExit running: a watchdog kills Azurite once this process is gone.
        var watchdog = new System.Diagnostics.ProcessStartInfo("sh") { UseShellExecute = false };
        watchdog.ArgumentList.Add("-c");
        watchdog.ArgumentList.Add($"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; kill {azurite.Pid} 2>/dev/null");
        System.Diagnostics.Process.Start(watchdog)?.Dispose();
        return azurite;
    }
}
