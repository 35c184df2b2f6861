namespace Datagrid.LocalServer;

/// <summary>
/// One delete request as the server answered it (recorded when <see cref="LocalServerOptions.RecordRequests"/> is on):
/// benchmarks time a run on the server's clock, from the first request it received to the last one it answered.
/// </summary>
/// <param name="AnsweredAt">When the server started sending the answer (its clock).</param>
/// <param name="Id">The memory id in the request path.</param>
/// <param name="StatusCode">The status the server answered with (a connection dropped by fault injection is not logged).</param>
public sealed record ServedRequest(DateTimeOffset AnsweredAt, string Id, int StatusCode);
