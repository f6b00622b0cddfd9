using Microsoft.Playwright;

namespace CampaignStudio.Tests.TestSupport;

/// <summary>
/// One headless Chromium (Debian's, never a downloaded build) shared by the browser tests. Fails, never skips,
/// when Chromium is missing: run-tests.sh installs it.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = default!;

    public static string ArtifactsFolder { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts");

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CAMPAIGNSTUDIO_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium is not at '{executable}'. Run the tests through run-tests.sh (it installs Debian's chromium), or set CAMPAIGNSTUDIO_CHROMIUM.");
        }

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        Directory.CreateDirectory(ArtifactsFolder);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
    }

    /// <summary>
    /// A fresh browser profile (no cookies) on <paramref name="app"/>, in the browser's time zone (or
    /// <paramref name="timeZoneId"/>). It is closed with the app: a page left open on a stopped server goes on trying
    /// to reconnect, and its renderer process goes on using the CPU the later tests need.
    /// </summary>
    public async Task<IPage> NewPageAsync(TestApp app, int width = 1280, int height = 800, string? timeZoneId = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.ServerAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = timeZoneId,
        });
        app.CloseWithApp(() => context.CloseAsync());
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
