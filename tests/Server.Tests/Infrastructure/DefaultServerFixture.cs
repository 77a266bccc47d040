namespace MusicVideo.Server.Tests.Infrastructure;

/// <summary>One server process without test switches, shared by every test class in <see cref="DefaultServerCollection"/>.</summary>
public sealed class DefaultServerFixture : IAsyncLifetime
{
    MvServer? _server;

    internal MvServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => _server = await MvServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>The test classes that share the default server (they run one after another; switch-specific servers run beside them).</summary>
[CollectionDefinition(Name)]
public sealed class DefaultServerCollection : ICollectionFixture<DefaultServerFixture>
{
    public const string Name = "Default server";
}
