using Microsoft.Playwright;

namespace MusicVideo.Web.Tests.Infrastructure;

/// <summary>Debian's chromium driven by Playwright (its own browser downloads are never used), plus one shared server.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Every local render takes at least this long, so the pages' intermediate states can be seen.</summary>
    public const int MinRenderSeconds = 5;

    const string ChromiumPath = "/usr/bin/chromium";

    IPlaywright? _playwright;
    IBrowser? _browser;
    UiServer? _server;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    internal UiServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>Where screenshots go (a test results folder; TestResults/ is not committed).</summary>
    public static string ArtifactsDirectory { get; } = Environment.GetEnvironmentVariable("MV_WEB_TEST_ARTIFACTS") is { Length: > 0 } configured
        ? configured
        : Path.Combine(UiServer.RepositoryRoot, "tests", "Web.Tests", "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run ./eng/install-chromium.sh (eng/install-deps.sh does).");
        }

        Directory.CreateDirectory(ArtifactsDirectory);
        _server = await UiServer.StartAsync(new Dictionary<string, string> { ["MV_LOCAL_MIN_JOB_SECONDS"] = MinRenderSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--autoplay-policy=no-user-gesture-required",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A fresh context and page (own storage), desktop-sized unless a viewport is given.</summary>
    public async Task<IPage> NewPageAsync(string baseUrl, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        return page;
    }

    /// <summary>Saves a full-page screenshot as a test artefact.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, name + ".png"), FullPage = true });
    }
}

/// <summary>The browser tests share one browser and one server and run one after another (two cores, one chromium).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
