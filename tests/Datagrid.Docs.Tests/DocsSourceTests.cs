using System.Text.RegularExpressions;

namespace Datagrid.Docs.Tests;

/// <summary>
/// The README is the short front page, and its one piece of code is compiled; every code include of the guides names a
/// file and region that exist (DocFX itself warns on a missing file, but renders a missing region silently).
/// </summary>
public partial class DocsSourceTests
{
    private const int ReadmeLineCap = 250;

    [Test]
    public void TheReadmeIsAFrontPageOfAtMost250Lines()
    {
        var lines = Repo.Read("README.md").TrimEnd('\n').Split('\n').Length;

        Assert.That(lines, Is.LessThanOrEqualTo(ReadmeLineCap),
            $"README.md has {lines} lines: it is the front page (at most {ReadmeLineCap}); move the details into a guide under build/docs/articles.");
    }

    [Test]
    public void TheReadmeQuickStartIsTheCompiledRegion()
    {
        var region = Region(Repo.Read("src", "samples", "Datagrid.Samples.Snippets", "QuickStart.cs"), "quickstart");

        Assert.That(Repo.Read("README.md"), Does.Contain("```csharp\n" + region + "\n```"),
            "README.md's quick start must be the region 'quickstart' of src/samples/Datagrid.Samples.Snippets/QuickStart.cs, unindented.");
    }

    [Test]
    public void EveryRelativeLinkOfTheReadmeNamesAFileThatExists()
    {
        var links = MarkdownLink().Matches(Repo.Read("README.md")).Select(m => m.Groups["target"].Value)
            .Where(t => !t.Contains("://", StringComparison.Ordinal) && !t.StartsWith('#'))
            .Select(t => t.Split('#')[0])
            .ToList();

        Assert.That(links, Is.Not.Empty);
        Assert.That(links.Where(t => !File.Exists(Path.Combine(Repo.Root, t))), Is.Empty, "README.md links to files that do not exist");
    }

    [Test]
    public void EveryCodeIncludeOfTheGuidesNamesAnExistingFileAndRegion()
    {
        var includes = Directory.GetFiles(Repo.Articles, "*.md")
            .SelectMany(guide => CodeInclude().Matches(File.ReadAllText(guide)).Select(m => (Guide: Path.GetFileName(guide), Path: m.Groups["path"].Value, Region: m.Groups["region"].Value)))
            .ToList();

        Assert.That(includes, Has.Count.GreaterThanOrEqualTo(10), "the guides include their code from src/samples");
        foreach (var (guide, path, region) in includes)
        {
            var file = Path.GetFullPath(Path.Combine(Repo.Articles, path));
            Assert.That(File.Exists(file), Is.True, $"{guide} includes {path}, which does not exist");
            Assert.That(file, Does.StartWith(Path.Combine(Repo.Root, "src", "samples")), $"{guide} includes {path}: guide code comes from src/samples, where the build compiles it");
            if (region.Length > 0)
            {
                Assert.That(() => Region(File.ReadAllText(file).ReplaceLineEndings("\n"), region), Throws.Nothing, $"{guide} includes region '{region}' of {path}");
            }
        }
    }

    /// <summary>The lines between <c>#region name</c> and its <c>#endregion</c>, unindented as DocFX shows them.</summary>
    private static string Region(string source, string name)
    {
        var lines = source.Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == "#region " + name);
        if (start < 0)
        {
            throw new InvalidOperationException($"no '#region {name}'");
        }

        var end = Array.FindIndex(lines, start + 1, l => l.Trim() == "#endregion");
        var body = lines[(start + 1)..end];
        var indent = body.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"\[!code-[a-z]+\[[^\]]*\]\((?<path>[^)#]+)(#(?<region>[^)]+))?\)\]")]
    private static partial Regex CodeInclude();
}
