namespace Subx.Scoring;

/// <summary>What a knocked-out unit writes in place of its output.</summary>
public enum Ablation
{
    /// <summary>
    /// Its mean output on the task's own train rows, on intact M (mean-ablation, as much circuit work
    /// ablates); on a BERT, its mean at the token's role (<see cref="Hosts.IHost.MeanOutputs"/>).
    /// </summary>
    Mean,

    /// <summary>
    /// What it writes on intact M on another row of the task: a train row drawn for each row read, the same
    /// donor for every unit of that row (resample-ablation, as causal scrubbing resamples); on a
    /// BERT, by token role, from the donor's own tokens of that role.
    /// </summary>
    Resample,

    /// <summary>Zero (zero-ablation): harsher, since a unit's typical output is gone too, not only what it says about the example.</summary>
    Zero,
}

/// <summary>An ablation's name as the command line, subnet.json and bench.json spell it, and its word in tables and figures.</summary>
public static class AblationNames
{
    /// <summary>`mean`, `resample` or `zero`.</summary>
    public static string Name(this Ablation ablation) => ablation.ToString().ToLowerInvariant();

    /// <summary>The ablation <paramref name="name"/> names (exactly, or whatever its case with <paramref name="ignoreCase"/>), or null when it names none.</summary>
    public static Ablation? Parse(string name, bool ignoreCase = false) =>
        Enum.GetValues<Ablation>().Cast<Ablation?>().FirstOrDefault(a => a!.Value.Name().Equals(name, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));

    /// <summary>What units it leaves: `mean-ablated`, `resample-ablated` or `zeroed`.</summary>
    public static string Participle(this Ablation ablation) => ablation == Ablation.Zero ? "zeroed" : $"{ablation.Name()}-ablated";
}
