using Datagrid.Cli.Ids;

namespace Datagrid.Cli.Tests;

public class IdListReaderTests
{
    [Test]
    public void ReadsArgumentsThenFileInOrderAndTrims()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("ids.txt"), "c\r\n  d  \ne\n");

        var list = IdListReader.Read(["a", "b"], dir.File("ids.txt"), TextReader.Null);

        Assert.Multiple(() =>
        {
            Assert.That(list.Ids, Is.EqualTo(new[] { "a", "b", "c", "d", "e" }));
            Assert.That(list.Errors, Is.Empty);
            Assert.That(list.Warnings, Is.Empty);
        });
    }

    [Test]
    public void ReadsStandardInputForDash()
    {
        var list = IdListReader.Read([], "-", new StringReader("x\ny\n"));
        Assert.That(list.Ids, Is.EqualTo(new[] { "x", "y" }));
    }

    [Test]
    public void SkipsBlankLinesWithAWarningNamingThem()
    {
        var list = IdListReader.Read([], "-", new StringReader("x\n\n   \ny\n"));
        Assert.Multiple(() =>
        {
            Assert.That(list.Ids, Is.EqualTo(new[] { "x", "y" }));
            Assert.That(list.Warnings, Has.One.Contains("Skipped 2 blank line(s) in standard input (line 2, 3)"));
        });
    }

    [Test]
    public void DropsDuplicatesWithAWarningSayingWhereTheyWere()
    {
        var list = IdListReader.Read(["x"], "-", new StringReader("y\nx\ny\n"));
        Assert.Multiple(() =>
        {
            Assert.That(list.Ids, Is.EqualTo(new[] { "x", "y" }));
            Assert.That(list.Warnings, Has.One.Contains("Ignored 2 duplicate id(s)").And.Contains("'x' (standard input line 2, first at argument 1)"));
        });
    }

    [TestCase(".", "dot segment")]
    [TestCase("..", "dot segment")]
    [TestCase("../x", "slash")]
    [TestCase("a/b", "slash")]
    [TestCase("a\\b", "slash")]
    [TestCase("a\u0000b", "control character")]
    [TestCase("a b", "whitespace")]
    public void RefusesHostileIdsAndDeletesNothing(string id, string why)
    {
        var list = IdListReader.Read(["fine", id], null, TextReader.Null);
        Assert.Multiple(() =>
        {
            Assert.That(list.Ids, Is.Empty, "one bad id stops the whole run before anything is deleted");
            Assert.That(list.Errors[0], Does.StartWith("Invalid id").And.Contains(why).And.Contains("argument 2"));
            Assert.That(list.Errors, Has.Some.Contains("nothing was sent to the API"));
        });
    }

    [Test]
    public void ReportsAMissingFile()
    {
        var list = IdListReader.Read([], "/no/such/ids.txt", TextReader.Null);
        Assert.That(list.Errors, Has.One.EqualTo("Cannot read --ids-file '/no/such/ids.txt': its folder does not exist. Give a readable text file with one id per line, or - for standard input."));
    }

    [Test]
    public void ReportsAFolderGivenAsFile()
    {
        using var dir = new TempDir();
        var list = IdListReader.Read([], dir.Path, TextReader.Null);
        Assert.That(list.Errors, Has.One.StartWith($"Cannot read --ids-file '{dir.Path}'"));
    }

    [Test]
    public void ReportsNoIdsAtAll()
    {
        var list = IdListReader.Read([], "-", new StringReader("\n\n"));
        Assert.That(list.Errors, Has.One.StartWith("No ids to delete"));
    }

    [Test]
    public void TreatsADashArgumentAsAnUnknownOptionNotAnId()
    {
        var list = IdListReader.Read(["--bogus"], null, TextReader.Null);
        Assert.That(list.Errors, Has.One.StartWith("Unknown option '--bogus'"));
    }
}
