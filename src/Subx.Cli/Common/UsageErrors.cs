using System.Reflection;
using System.Text.RegularExpressions;
using Spectre.Console.Cli;

namespace Subx.Cli.Common;

/// <summary>
/// Rewrites Spectre's value-conversion errors, which name a .NET type and no option
/// (`Failed to convert 'abc' to Nullable`1.`), into the CLI's form: `--size: expected a number, found 'abc'.`
/// </summary>
internal static partial class UsageErrors
{
    public static string Explain(string message, IReadOnlyList<string> args)
    {
        var m = ConversionFailed().Match(message);
        if (!m.Success) return message;
        string value = m.Groups["value"].Value;
        int at = -1;
        for (int i = 1; i < args.Count; i++)
            if (args[i] == value && args[i - 1].StartsWith('-')) { at = i; break; }
        // An option given last with no value: Spectre reports an internal placeholder as the value.
        if (at < 0 && args.Count > 0 && args[^1].StartsWith('-')) return $"{args[^1]}: expected a value after it, found nothing.";
        if (at < 0) return $"expected a value of the right type for each option, found '{value}' ({message})";
        string option = args[at - 1];
        return $"{option}: expected {Expected(OptionType(option, args[0]))}, found '{value}'.";
    }

    private static string Expected(Type? type) => type switch
    {
        _ when type == typeof(int) => "a whole number",
        _ when type == typeof(double) => "a number (e.g. 0.25)",
        _ => "a value of the option's type",
    };

    /// <summary>
    /// The value type of an option, from the settings classes of this assembly: the command's own
    /// (`zoo` → ZooSettings) first, since commands share option names with different types
    /// (`zoo --tasks N`, `train --tasks LIST`).
    /// </summary>
    private static Type? OptionType(string option, string command)
    {
        string name = option.TrimStart('-');
        string own = command.Length == 0 ? "" : char.ToUpperInvariant(command[0]) + command[1..] + "Settings";
        var property = typeof(UsageErrors).Assembly.GetTypes()
            .Where(t => typeof(CommandSettings).IsAssignableFrom(t))
            .OrderBy(t => t.Name == own ? 0 : 1)
            .SelectMany(t => t.GetProperties())
            .FirstOrDefault(p => p.GetCustomAttribute<CommandOptionAttribute>()?.LongNames.Contains(name) == true);
        return property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
    }

    [GeneratedRegex(@"^Failed to convert '(?<value>.*)' to [\w`]+\.$")]
    private static partial Regex ConversionFailed();
}
