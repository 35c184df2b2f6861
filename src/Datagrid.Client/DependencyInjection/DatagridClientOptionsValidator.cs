using Microsoft.Extensions.Options;

namespace Datagrid.DependencyInjection;

/// <summary>
/// Validates options at start-up (ValidateOnStart) with the exact rules and messages the client applies when built,
/// environment fallback included, so the app fails before serving traffic rather than on the first call.
/// </summary>
internal sealed class DatagridClientOptionsValidator : IValidateOptions<DatagridClientOptions>
{
    private readonly string? _configurationPath;

    public DatagridClientOptionsValidator(string? configurationPath) => _configurationPath = configurationPath;

    public ValidateOptionsResult Validate(string? name, DatagridClientOptions options)
    {
        if (name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        try
        {
            _ = ClientSettings.Resolve(options);
            return ValidateOptionsResult.Success;
        }
        catch (DatagridConfigurationException ex)
        {
            // Messages never contain the key (ClientSettings guarantees it); add where the bound values come from.
            return ValidateOptionsResult.Fail(_configurationPath is null
                ? ex.Message
                : $"{ex.Message} (The options are bound from configuration section '{_configurationPath}', e.g. '{_configurationPath}:ApiKey'.)");
        }
    }
}
