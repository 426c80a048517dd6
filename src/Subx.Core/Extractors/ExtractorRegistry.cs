using Subx.Extractors.Baselines;
using Subx.Extractors.Policy;

namespace Subx.Extractors;

/// <summary>
/// Every extractor by name. The CLI and the benchmark list them from here, so adding one is adding
/// a file and a line.
/// </summary>
public static class ExtractorRegistry
{
    private static readonly Dictionary<string, Func<ExtractorOptions, IExtractor>> Factories = new(StringComparer.Ordinal)
    {
        ["random"] = _ => new RandomExtractor(),
        ["magnitude"] = _ => new MagnitudeExtractor(),
        ["correlation"] = o => new CorrelationExtractor { MaxRows = o.MaxRows },
        ["attribution"] = o => new AttributionExtractor { MaxRows = o.MaxRows },
        ["mask"] = o => new MaskExtractor(o.Mask),
        ["rl-unit"] = o => new RlUnitExtractor(o),
        ["se"] = o => new SeExtractor(o),
    };

    /// <summary>Every registered name, in registration order.</summary>
    public static IReadOnlyList<string> Names => Factories.Keys.ToList();

    /// <summary>A fresh extractor by name; a <see cref="SubxException"/> listing the known names otherwise.</summary>
    public static IExtractor Create(string name, ExtractorOptions? options = null) =>
        Factories.TryGetValue(name, out var make)
            ? make(options ?? new ExtractorOptions())
            : throw SubxException.Bad("--extractor", "name", $"one of {string.Join(", ", Names)}", $"'{name}'");

    /// <summary>Parses a comma list of names, checking each.</summary>
    public static IReadOnlyList<IExtractor> CreateMany(string commaList, ExtractorOptions? options = null) =>
        commaList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => Create(n, options)).ToList();
}
