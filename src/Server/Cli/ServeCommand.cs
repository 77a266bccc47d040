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
            WebApplication app;
            try
            {
                app = ServerApp.Build([.. parse.UnmatchedTokens], ProductHost.Options());
            }
            catch (StartupException ex)
            {
                // An operator's problem (setting, data folder in use): the sentence, never a stack trace.
                Console.Error.WriteLine($"error: {ex.Message}");
                return 1;
            }

            await app.RunAsync(cancellation);
            return 0;
        });
        return command;
    }
}
