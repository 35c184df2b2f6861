namespace Datagrid.Client.Callers.Matrix;

/// <summary>
/// Callers of the request enums the contract matrix's with-request-enums setup adds (compiled only there): a value
/// added to either enum must leave this compiling, switches included.
/// </summary>
internal static class RequestEnumCallers
{
    public static MatrixOrder Order(bool urgent) => new()
    {
        Priority = urgent ? MatrixOrderPriority.High : MatrixOrderPriority.Low,
        Level = MatrixOrderLevel._1,
    };

    public static string Describe(MatrixOrder order)
    {
        // A switch statement over a C# enum never has to cover every member.
        switch (order.Level)
        {
            case MatrixOrderLevel._1:
                return "first";
            case MatrixOrderLevel._2:
                return "second";
        }

        // A switch expression over a C# enum needs a discard anyway (CS8524), so a new member falls into it.
        var level = order.Level switch
        {
            MatrixOrderLevel._1 => 1,
            MatrixOrderLevel._2 => 2,
            _ => 0,
        };
        var priority = order.Priority switch
        {
            var p when p == MatrixOrderPriority.Low => "low",
            var p when p == MatrixOrderPriority.High => "high",
            var p => p.ToString(),
        };
        return $"{priority} {level}";
    }
}
