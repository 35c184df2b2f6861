using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Datagrid.Docs.Tests;

/// <summary>
/// The built site (artifacts/docs) served by a static file server on 127.0.0.1 and a headless Chromium to open it: the
/// system's chromium (Debian package, installed by .ci/run), driven by Playwright through its executable path, so no
/// browser is downloaded. When the site has not been built, build/docs.sh builds it first.
/// </summary>
internal sealed class SiteFixture : IAsyncDisposable
{
    private static readonly TimeSpan DocsBuildLimit = TimeSpan.FromMinutes(15);

    private readonly WebApplication _server;
    private readonly IPlaywright _playwright;

    private SiteFixture(WebApplication server, Uri baseUrl, IPlaywright playwright, IBrowser browser)
    {
        _server = server;
        BaseUrl = baseUrl;
        _playwright = playwright;
        Browser = browser;
    }

    public Uri BaseUrl { get; }

    public IBrowser Browser { get; }

    public static async Task<SiteFixture> StartAsync()
    {
        if (!File.Exists(Path.Combine(Repo.Site, "index.html")))
        {
            BuildSite();
        }

        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            Assert.Fail($"No Chromium at {chromium}: install the Debian package (`apt-get install chromium`, as .ci/run does) or set CHROMIUM_PATH.");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var files = new PhysicalFileProvider(Repo.Site);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Timeout = 60_000,

            // Chromium's sandbox refuses to run as root (CI runs as root).
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
        return new SiteFixture(app, new Uri(address + "/"), playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _server.DisposeAsync();
    }

    private static void BuildSite()
    {
        TestContext.Progress.WriteLine("artifacts/docs is missing: running build/docs.sh first.");
        var info = new ProcessStartInfo("bash", [Path.Combine(Repo.Root, "build", "docs.sh")]) { WorkingDirectory = Repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(DocsBuildLimit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"build/docs.sh did not finish within {DocsBuildLimit.TotalMinutes} minutes.");
        }

        if (process.ExitCode != 0)
        {
            Assert.Fail($"build/docs.sh failed (exit {process.ExitCode}):\n{output.Result}\n{error.Result}");
        }
    }
}
