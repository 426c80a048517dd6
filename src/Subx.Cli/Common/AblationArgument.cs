using Spectre.Console;
using Subx.Scoring;

namespace Subx.Cli.Common;

/// <summary>The `--ablation mean|zero` option of the knock-out in M (`extract`, `score`).</summary>
internal static class AblationArgument
{
    /// <summary>The ablation the option names (case ignored), or null when it names none.</summary>
    public static Ablation? Parse(string text) =>
        Enum.GetValues<Ablation>().Cast<Ablation?>().FirstOrDefault(a => SubnetManifest.AblationName(a!.Value).Equals(text.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>An error naming the option unless it names an ablation.</summary>
    public static ValidationResult Check(string text) => Parse(text) is null
        ? ValidationResult.Error($"--ablation: expected mean or zero, found '{text}'.")
        : ValidationResult.Success();
}
