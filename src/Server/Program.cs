using MusicVideo.Server.Cli;

return await CommandLine.InvokeAsync(args);
