using Subx.Extractors.Baselines;

namespace Subx.Extractors;

/// <summary>
/// Every extractor by name. The CLI and the benchmark list them from here, so adding one is adding
/// a file and a line.
/// </summary>
public static class ExtractorRegistry
{
    private static readonly Dictionary<string, Func<IExtractor>> Factories = new(StringComparer.Ordinal)
    {
        ["random"] = () => new RandomExtractor(),
        ["magnitude"] = () => new MagnitudeExtractor(),
        ["correlation"] = () => new CorrelationExtractor(),
        ["attribution"] = () => new AttributionExtractor(),
        ["mask"] = () => new MaskExtractor(),
    };

    /// <summary>Every registered name, in registration order.</summary>
    public static IReadOnlyList<string> Names => Factories.Keys.ToList();

    /// <summary>A fresh extractor by name; a <see cref="SubxException"/> listing the known names otherwise.</summary>
    public static IExtractor Create(string name) =>
        Factories.TryGetValue(name, out var make)
            ? make()
            : throw SubxException.Bad("--extractor", "name", $"one of {string.Join(", ", Names)}", $"'{name}'");

    /// <summary>Parses a comma list of names, checking each.</summary>
    public static IReadOnlyList<IExtractor> CreateMany(string commaList) =>
        commaList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Create).ToList();
}
