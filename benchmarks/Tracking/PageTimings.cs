using System.Diagnostics;
using Microsoft.Playwright;

namespace CampaignStudio.Benchmarks.Tracking;

/// <summary>
/// How long the dashboard and a campaign's details page take in a real browser (headless Chromium, signed in through
/// the form): from the navigation's start to the prerendered HTML (DOMContentLoaded), and to the page being live — its
/// figures and charts drawn, and the interactive circuit connected. One warm-up, then five timed loads, each in a new tab.
/// </summary>
internal static class PageTimings
{
    public static async Task<IReadOnlyList<PageTiming>> MeasureAsync(string baseUrl, string email, string password, IReadOnlyList<(string Name, string Path, string[] Ready)> pages)
    {
        var executable = Environment.GetEnvironmentVariable("CAMPAIGNSTUDIO_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var signIn = await context.NewPageAsync();
        await signIn.GotoAsync("/account/login");
        await signIn.GetByLabel("Email").FillAsync(email);
        await signIn.GetByLabel("Password").FillAsync(password);
        await signIn.GetByTestId("login-submit").ClickAsync();
        await signIn.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await signIn.CloseAsync();

        var results = new List<PageTiming>();
        foreach (var (name, path, ready) in pages)
        {
            var html = new List<double>();
            var live = new List<double>();
            for (var i = 0; i <= 5; i++)
            {
                var page = await context.NewPageAsync();
                var watch = Stopwatch.StartNew();
                await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
                var htmlMs = watch.Elapsed.TotalMilliseconds;
                await page.Locator("[data-interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
                foreach (var selector in ready)
                {
                    await page.Locator(selector).First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
                }

                var liveMs = watch.Elapsed.TotalMilliseconds;
                if (i == 0)
                {
                    Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tracking-bench"));
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "tracking-bench", $"{name.Replace(' ', '-')}.png"), FullPage = true });
                }
                else
                {
                    html.Add(htmlMs);
                    live.Add(liveMs);
                }

                await page.CloseAsync();
            }

            html.Sort();
            live.Sort();
            results.Add(new PageTiming(name, path, html[2], html[^1], live[2], live[^1]));
        }

        return results;
    }
}

internal sealed record PageTiming(string Name, string Path, double HtmlMedianMs, double HtmlMaxMs, double LiveMedianMs, double LiveMaxMs);
