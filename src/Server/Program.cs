using MusicVideo.Server;

return await Cli.RunAsync(args);
