namespace Subx.Cli.Common;

/// <summary>Comma-list options (`--tasks a,b`): trimmed, empty entries dropped, duplicates removed, order kept.</summary>
internal static class CommaList
{
    /// <summary>The names in <paramref name="value"/>, or null when the option was not given.</summary>
    public static IReadOnlyList<string>? Parse(string? value) =>
        value?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
}
