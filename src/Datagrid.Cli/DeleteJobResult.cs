namespace Datagrid.Cli;

/// <summary>What <see cref="DeleteJob"/> did: the summary and the traffic it took.</summary>
public sealed record DeleteJobResult(DeleteSummary Summary, ThrottleFigures Throttling);
