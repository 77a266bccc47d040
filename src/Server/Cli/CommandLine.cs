using System.CommandLine;
using Spectre.Console;

namespace MusicVideo.Server.Cli;

/// <summary>The `musicvideo` command line: run, serve and the operator's instances verbs.</summary>
static class CommandLine
{
    public static Task<int> InvokeAsync(string[] args)
    {
        if (Console.IsOutputRedirected)
        {
            // Logs and pipes get plain text: no colour codes, no cursor movement.
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
        }

        var root = new RootCommand("MusicVideo: durable AI music video orchestration (embedded engine, local providers).");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(InstancesCommand.Create());
        root.Subcommands.Add(JobsCommand.Create());
        return InvokeAsync(root, args);
    }

    static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is MusicVideo.Core.Storage.MediaStorageSettingsException or MusicVideo.Core.Providers.ProviderSettingsException or Hosting.StartupException)
        {
            // A configuration mistake: say which setting to fix, without a stack trace.
            await Console.Error.WriteLineAsync("error: " + ex.Message);
            return 2;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // What System.CommandLine's default handler prints for anything else.
            await Console.Error.WriteLineAsync("Unhandled exception: " + ex);
            return 1;
        }
    }
}
