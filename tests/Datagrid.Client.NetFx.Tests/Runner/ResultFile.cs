using System.Globalization;
using System.Xml;
using NUnit.Framework.Interfaces;

namespace Datagrid.Client.NetFx.Tests.Runner;

/// <summary>
/// Writes an NUnit 3 result file: the <c>test-run</c> element the console runner writes around the assembly's
/// <c>test-suite</c>, so tools that read nunit3-console results read this one.
/// </summary>
internal static class ResultFile
{
    public static void Write(string path, ITestResult result)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        using var writer = XmlWriter.Create(path, new XmlWriterSettings { Indent = true });
        writer.WriteStartElement("test-run");
        writer.WriteAttributeString("id", "0");
        writer.WriteAttributeString("testcasecount", Number(result.Test.TestCaseCount));
        writer.WriteAttributeString("result", result.ResultState.Status.ToString());
        writer.WriteAttributeString("total", Number(result.PassCount + result.FailCount + result.WarningCount + result.InconclusiveCount + result.SkipCount));
        writer.WriteAttributeString("passed", Number(result.PassCount));
        writer.WriteAttributeString("failed", Number(result.FailCount));
        writer.WriteAttributeString("warnings", Number(result.WarningCount));
        writer.WriteAttributeString("inconclusive", Number(result.InconclusiveCount));
        writer.WriteAttributeString("skipped", Number(result.SkipCount));
        writer.WriteAttributeString("asserts", Number(result.AssertCount));
        writer.WriteAttributeString("clr-version", Environment.Version.ToString());
        writer.WriteAttributeString("start-time", result.StartTime.ToString("u", CultureInfo.InvariantCulture));
        writer.WriteAttributeString("end-time", result.EndTime.ToString("u", CultureInfo.InvariantCulture));
        writer.WriteAttributeString("duration", result.Duration.ToString("0.000000", CultureInfo.InvariantCulture));
        result.ToXml(recursive: true).WriteTo(writer);
        writer.WriteEndElement();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
