namespace Datagrid.Cli.Deleting;

/// <summary>What <see cref="DeleteJob"/> did: the summary and the traffic it took.</summary>
internal sealed record DeleteJobResult(DeleteSummary Summary, ThrottleFigures Throttling);
