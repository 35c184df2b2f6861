namespace Datagrid.SpecTool.Comparison;

/// <summary>The catalog's levels with the user's overrides (<c>--relax RULE</c> lowers a breaking rule to a warning).</summary>
internal sealed class RuleLevels
{
    private readonly Dictionary<string, Level> overrides = new(StringComparer.Ordinal);

    public static RuleLevels Default { get; } = new();

    public static RuleLevels Relaxing(IEnumerable<string> ruleIds)
    {
        var levels = new RuleLevels();
        foreach (var id in ruleIds)
        {
            var rule = RuleCatalog.Find(id) ?? throw new SpecInputException($"--relax: unknown rule '{id}'. Run 'spectool rules' for the list.");
            if (rule.Level != Level.Breaking)
            {
                throw new SpecInputException($"--relax: rule '{id}' is already '{rule.Level.Name()}'; only breaking rules can be relaxed.");
            }

            levels.overrides[id] = Level.Warning;
        }

        return levels;
    }

    public Level LevelOf(string ruleId) =>
        overrides.TryGetValue(ruleId, out var level) ? level
        : RuleCatalog.Find(ruleId)?.Level ?? throw new InvalidOperationException($"Rule '{ruleId}' is not in RuleCatalog.");
}
