using Microsoft.Extensions.Hosting;
using MusicVideo.Functions;

// The Functions isolated worker: ASP.NET Core integration, so HTTP triggers run the shared src/Api handlers on a real HttpContext.
var host = new HostBuilder()
    .ConfigureFunctionsWebApplication()
    .ConfigureServices((context, services) => services.AddMusicVideoFunctions(context.Configuration))
    .Build();
await host.RunAsync();
