using Datagrid.SpecTool;

return await SpecToolApp.RunAsync(args, Console.Out, Console.Error, Environment.CurrentDirectory).ConfigureAwait(false);
