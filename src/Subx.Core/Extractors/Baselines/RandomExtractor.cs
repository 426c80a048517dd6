namespace Subx.Extractors.Baselines;

/// <summary>Uniform random unit scores: the floor every extractor must clear.</summary>
public sealed class RandomExtractor : IExtractor
{
    /// <inheritdoc />
    public string Name => "random";
    /// <inheritdoc />
    public string Description => "uniform random unit scores (the floor)";

    /// <inheritdoc />
    public ExtractionResult Extract(ExtractionRequest request, IProgress<double>? progress = null)
    {
        var rng = new Random(request.Seed);
        var scores = Enumerable.Range(0, request.Host.Units.Count).Select(_ => rng.NextDouble()).ToArray();
        return new ExtractionResult(scores, Selection.Pick(request, scores));
    }
}
