using Microsoft.Playwright;

namespace Datagrid.Docs.Tests;

/// <summary>
/// The built documentation site in a real browser: pages load without a console error or a failed request, the search
/// works, and no internal link is broken.
/// </summary>
[NonParallelizable]
public partial class SiteBrowserTests
{
    private const float PageTimeout = 30_000;

    private SiteFixture _site = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _site = await SiteFixture.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _site.DisposeAsync();

    private static IEnumerable<string> KeyPages()
    {
        yield return "index.html";
        foreach (var guide in Directory.GetFiles(Repo.Articles, "*.md").Order(StringComparer.Ordinal))
        {
            yield return "articles/" + Path.GetFileNameWithoutExtension(guide) + ".html";
        }

        yield return "api/Datagrid.DatagridClient.html";
        yield return "api/Datagrid.DatagridRateLimitException.html";
    }

    [TestCaseSource(nameof(KeyPages))]
    public async Task PageLoadsWithNoConsoleErrorAndNoFailedRequest(string path)
    {
        var visit = await VisitAsync(path);

        Assert.Multiple(() =>
        {
            Assert.That(visit.Status, Is.EqualTo(200), path);
            Assert.That(visit.Title, Is.Not.Empty, path);
            Assert.That(visit.Problems, Is.Empty, $"{path}: console errors, page errors or failed requests");
        });
    }

    [Test]
    public async Task TheSearchFindsRateLimitInfo()
    {
        var page = await _site.Browser.NewPageAsync();
        try
        {
            await page.GotoAsync(new Uri(_site.BaseUrl, "index.html").ToString(), new PageGotoOptions { Timeout = PageTimeout });

            // The box is enabled once the search index has loaded.
            var box = page.Locator("#search-query");
            await Assertions.Expect(box).ToBeEnabledAsync(new LocatorAssertionsToBeEnabledOptions { Timeout = PageTimeout });
            await box.FillAsync("RateLimitInfo");

            var hit = page.Locator("#search-results a[href*='Datagrid.RateLimitInfo.html']").First;
            await Assertions.Expect(hit).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = PageTimeout });

            // The hit links to the type's page (with ?q=... appended, for highlighting); that page is the type's.
            var href = await hit.EvaluateAsync<string>("a => a.href");
            await page.GotoAsync(href, new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = PageTimeout });
            Assert.That(await page.Locator("h1").First.InnerTextAsync(), Does.Contain("RateLimitInfo"));
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Test]
    public async Task EveryInternalLinkOnEveryPageResolves()
    {
        // Every page's own links and resources (href and src in the HTML as served), plus the links the scripts write
        // (navigation bar, table of contents, breadcrumbs), read in the browser on the key pages. The scripts build
        // those from the site's few toc files, so the key pages (every guide, the home page, API pages) reach every
        // toc entry; running the scripts on all 80-odd pages took over two minutes on a busy machine and proved
        // nothing more. Each same-site target is then fetched from the server.
        var pages = Directory.GetFiles(Repo.Site, "*.html", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Repo.Site, f).Replace('\\', '/'))
            .Where(p => !p.StartsWith("public/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var targets = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var problems = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Collect(string path, IEnumerable<string> links)
        {
            foreach (var link in links.Where(l => l.StartsWith(_site.BaseUrl.ToString(), StringComparison.Ordinal)))
            {
                targets.TryAdd(link.Split('#')[0], path);
            }
        }

        using var http = new HttpClient { BaseAddress = _site.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        foreach (var path in pages)
        {
            var pageUrl = new Uri(_site.BaseUrl, path);
            var html = await http.GetStringAsync(pageUrl);
            Collect(path, StaticReference().Matches(html)
                .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups["url"].Value))
                .Where(url => !url.StartsWith('#') && !url.StartsWith("javascript:", StringComparison.Ordinal))
                .Select(url => new Uri(pageUrl, url).ToString()));
        }

        Assert.That(targets.Keys, Has.Some.EndsWith("/api/Datagrid.DatagridClient.html"), "the pages' own links were read");
        await Parallel.ForEachAsync(KeyPages(), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (path, _) =>
        {
            var visit = await VisitAsync(path);
            foreach (var problem in visit.Problems)
            {
                problems.Enqueue($"{path}: {problem}");
            }

            Collect(path, visit.Links);
        });

        foreach (var (target, from) in targets)
        {
            using var response = await http.GetAsync(new Uri(target));
            if (!response.IsSuccessStatusCode)
            {
                problems.Enqueue($"{from} links to {target}: {(int)response.StatusCode}");
            }
        }

        Assert.That(pages, Has.Count.GreaterThan(20), "the site has its guides and API pages");
        Assert.That(targets.Keys, Has.Some.EndsWith("/api/Datagrid.DatagridClient.html").And.Some.EndsWith("/articles/benchmarks.html"), "links were collected");
        Assert.That(problems, Is.Empty);
    }

    private async Task<Visit> VisitAsync(string path)
    {
        var page = await _site.Browser.NewPageAsync();
        var problems = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Enqueue($"console error: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Enqueue($"page error: {error}");
        page.RequestFailed += (_, request) => problems.Enqueue($"request failed: {request.Url} ({request.Failure})");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Enqueue($"{response.Status} for {response.Url}");
            }
        };
        try
        {
            var response = await page.GotoAsync(new Uri(_site.BaseUrl, path).ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle, Timeout = PageTimeout });
            var links = await page.EvalOnSelectorAllAsync<string[]>("a[href]", "links => links.map(a => a.href)");
            return new Visit(response?.Status ?? 0, await page.TitleAsync(), links, [.. problems]);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>An href or src attribute in served HTML (the site generator quotes attributes with double quotes).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\s(?:href|src)=""(?<url>[^""]*)""")]
    private static partial System.Text.RegularExpressions.Regex StaticReference();

    private sealed record Visit(int Status, string Title, string[] Links, IReadOnlyList<string> Problems);
}
