using Spectre.Console;
using Subx.Training;

namespace Subx.Cli.Common;

/// <summary>The run folder of a trained SE, as `--policy RUN` names it: checked before any work.</summary>
internal static class PolicyFolder
{
    /// <summary>Fails unless <paramref name="dir"/> holds a checkpoint (the file is read, and checked, when the SE loads it).</summary>
    public static ValidationResult Check(string dir, string option = "--policy")
    {
        if (string.IsNullOrWhiteSpace(dir)) return ValidationResult.Error($"{option}: expected the run folder of a trained SE (`subx train --out RUN`), found nothing.");
        if (!File.Exists(Path.Combine(dir, Checkpoint.FileName)))
            return ValidationResult.Error($"{option}: expected the run folder of a trained SE, with {Checkpoint.FileName} (`subx train --out RUN`), found none in '{dir}'.");
        return ValidationResult.Success();
    }
}
