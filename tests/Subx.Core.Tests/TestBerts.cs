using Subx.Hosts.Bert;

namespace Subx.Tests;

/// <summary>The built-in BERT hosts, loaded once per test run (each takes a second or two and ~100 MB).</summary>
public static class TestBerts
{
    private static readonly Lazy<BertHost> LazyMiniLm = new(() => BertLoader.LoadBuiltIn("minilm"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<BertHost> LazyArctic = new(() => BertLoader.LoadBuiltIn("arcticxs"), LazyThreadSafetyMode.ExecutionAndPublication);

    public static BertHost MiniLm => LazyMiniLm.Value;
    public static BertHost ArcticXs => LazyArctic.Value;
    public static BertHost Get(string name) => name == "minilm" ? MiniLm : ArcticXs;

    /// <summary>Real sentences of different lengths, with punctuation, accents and a rare word.</summary>
    public static readonly string[] Sentences =
    [
        "The quick brown fox jumps over the lazy dog.",
        "Free money!!! Click here to claim your prize",
        "crème brûlée",
        "We must balance the federal budget, and we will do it without raising taxes on working families.",
        "abominable",
    ];
}
