using Spectre.Console;
using Subx.Scoring;

namespace Subx.Cli.Common;

/// <summary>The `--ablation mean|resample|zero` option of the knock-out in M (`extract`, `score`).</summary>
internal static class AblationArgument
{
    /// <summary>The option's help text, the same for every command (Spectre markup: brackets doubled).</summary>
    public const string Description =
        "How the knock-out in M ablates a unit: mean (it writes its mean output over 256 of the task's train rows on intact M; on a BERT, " +
        "at the token's role: [[CLS]], [[SEP]] or other), resample (what it writes on another train row of the task, drawn for each row read; " +
        "on a BERT by token role too) or zero";

    /// <summary>The ablation the option names (case ignored), or null when it names none.</summary>
    public static Ablation? Parse(string text) => AblationNames.Parse(text.Trim(), ignoreCase: true);

    /// <summary>An error naming the option unless it is absent or names an ablation.</summary>
    public static ValidationResult Check(string? text) => text is not null && Parse(text) is null
        ? ValidationResult.Error($"--ablation: expected mean, resample or zero, found '{text}'.")
        : ValidationResult.Success();
}
