namespace Subx.Runs;

/// <summary>
/// Names of the files Subx writes into an extraction or run folder, shared by the commands that
/// write them and the reports that read them (`metrics.jsonl` and its kin: <see cref="MetricsLog"/>).
/// </summary>
public static class RunFiles
{
    /// <summary>An extraction's manifest (`subx extract --out DIR`).</summary>
    public const string Manifest = "subnet.json";
    /// <summary>An extraction's subnet as a standalone model.</summary>
    public const string Weights = "subnet.safetensors";
    /// <summary>A zoo run's zero-shot table (`subx train --out RUN`).</summary>
    public const string ZeroShot = "zero-shot.json";
    /// <summary>The report of an extraction or a run, beside its files.</summary>
    public const string Report = "report.html";
}
