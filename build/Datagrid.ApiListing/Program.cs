// Usage: Datagrid.ApiListing [OUT]: writes the public API listing of the Datagrid.Client built with this tool to OUT
// (or standard output).
using Datagrid.ApiListing;

var listing = ApiListing.Generate();
if (args is [var path])
{
    await File.WriteAllTextAsync(path, listing);
}
else
{
    Console.Out.Write(listing);
}
