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
        return root.Parse(args).InvokeAsync();
    }
}
