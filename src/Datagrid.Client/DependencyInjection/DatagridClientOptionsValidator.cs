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

    public ValidateOptionsResult Validate(string? name, DatagridClientOptions options) =>
        name != Options.DefaultName ? ValidateOptionsResult.Skip : Check(options, _configurationPath);

    /// <summary>The client's own rules and messages, plus where the bound values come from.</summary>
    internal static ValidateOptionsResult Check(DatagridClientOptions options, string? configurationPath)
    {
        try
        {
            _ = ClientSettings.Resolve(options);
            return ValidateOptionsResult.Success;
        }
        catch (DatagridConfigurationException ex)
        {
            // Messages never contain the key (ClientSettings guarantees it); add where the bound values come from.
            return ValidateOptionsResult.Fail(configurationPath is null
                ? ex.Message
                : $"{ex.Message} (The options are bound from configuration section '{configurationPath}', e.g. '{configurationPath}:ApiKey'.)");
        }
    }
}

/// <summary>The same validation for the named options of a keyed client (<c>AddDatagridClient("eu", ...)</c>).</summary>
internal sealed class KeyedOptionsValidator : IValidateOptions<DatagridClientOptions>
{
    private readonly string _name;
    private readonly string? _configurationPath;

    public KeyedOptionsValidator(string name, string? configurationPath)
    {
        _name = name;
        _configurationPath = configurationPath;
    }

    public ValidateOptionsResult Validate(string? name, DatagridClientOptions options)
    {
        if (name != _name)
        {
            return ValidateOptionsResult.Skip;
        }

        var result = DatagridClientOptionsValidator.Check(options, _configurationPath);
        return result.Failed ? ValidateOptionsResult.Fail($"Datagrid client '{_name}': {result.FailureMessage}") : result;
    }
}
