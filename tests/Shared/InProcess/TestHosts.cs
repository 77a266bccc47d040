using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;

namespace MusicVideo.Tests.Shared.InProcess;

/// <summary>Starts Microsoft's in-process test host on a port the OS says is free.</summary>
/// <remarks>
/// Left to itself the host binds a random port from 30000–40000, inside Linux's ephemeral range, so on a busy machine it
/// now and then picks a port another connection holds and fails to start. A port the OS just handed out is rarely taken
/// again at once; if it is, the start is tried again on a new one.
/// </remarks>
static class TestHosts
{
    const int MaxStarts = 3;

    /// <summary>Starts the host with the given registrations and options (its port is chosen here).</summary>
    public static async Task<DurableTaskTestHost> StartAsync(Action<DurableTaskRegistry> registry, DurableTaskTestHostOptions? options = null)
    {
        options ??= new DurableTaskTestHostOptions();
        for (int start = 1; ; start++)
        {
            options.Port = FreePort();
            try
            {
                return await DurableTaskTestHost.StartAsync(registry, options);
            }
            catch (IOException ex) when (start < MaxStarts && ex.InnerException is AddressInUseException)
            {
            }
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
