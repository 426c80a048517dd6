using Spectre.Console;

namespace Subx.Cli.Common;

/// <summary>`--subnet`: a subnet.json written by `subx extract`, or the folder holding it.</summary>
internal static class SubnetArgument
{
    /// <summary>The manifest: the path itself, or the subnet.json in it when it is a folder (`subx extract --out`).</summary>
    public static string File(string spec) => Directory.Exists(spec) ? Path.Combine(spec, SubnetManifest.FileName) : spec;

    /// <summary>Fails unless the path is a subnet.json or a folder holding one.</summary>
    public static ValidationResult Check(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) return ValidationResult.Error("--subnet: expected a subnet.json file, found nothing.");
        if (System.IO.File.Exists(File(spec))) return ValidationResult.Success();
        return ValidationResult.Error(Directory.Exists(spec)
            ? $"--subnet: expected a subnet.json file or a folder holding one, found the folder '{spec}' without one."
            : $"--subnet: expected a subnet.json file, found no file '{spec}'.");
    }
}
