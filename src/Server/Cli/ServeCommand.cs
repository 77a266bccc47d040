using System.CommandLine;
using MusicVideo.Server.Hosting;

namespace MusicVideo.Server.Cli;

/// <summary>`serve`: the HTTP API with the embedded engine; ASP.NET Core options such as --urls pass through.</summary>
static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Start the HTTP server (pass ASP.NET Core options such as --urls http://127.0.0.1:5000).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var app = ServerApp.Build([.. parse.UnmatchedTokens], ProductHost.Options());
            await app.RunAsync(cancellation);
            return 0;
        });
        return command;
    }
}
