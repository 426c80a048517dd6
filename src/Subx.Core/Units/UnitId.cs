using System.Globalization;
using System.Text.RegularExpressions;

namespace Subx.Units;

/// <summary>What a unit is: the smallest thing a subnet keeps or drops.</summary>
public enum UnitKind
{
    /// <summary>One hidden neuron of an MLP layer (its incoming weights and bias).</summary>
    Mlp,
    /// <summary>One attention head (its query, key, value and output slices).</summary>
    AttentionHead,
}

/// <summary>
/// A unit, addressed by path the way TransformerLens addresses hooks: `layers.3.mlp[127]`,
/// `layers.2.attn.head[5]`. Prints as its path and parses back.
/// </summary>
public readonly partial record struct UnitId(int Layer, UnitKind Kind, int Index)
{
    /// <summary>The unit's path, e.g. `layers.0.mlp[12]`.</summary>
    public override string ToString() => Kind switch
    {
        UnitKind.Mlp => $"layers.{Layer}.mlp[{Index}]",
        UnitKind.AttentionHead => $"layers.{Layer}.attn.head[{Index}]",
        _ => throw new InvalidOperationException($"unknown unit kind {Kind}"),
    };

    /// <summary>Parses a path printed by <see cref="ToString"/>.</summary>
    public static UnitId Parse(string path)
    {
        if (TryParse(path, out var id)) return id;
        throw new SubxException(
            $"unit path: expected `layers.L.mlp[I]` or `layers.L.attn.head[I]`, found '{path}'.");
    }

    /// <summary>Parses a path; false if it is not a unit path.</summary>
    public static bool TryParse(string? path, out UnitId id)
    {
        id = default;
        if (path is null) return false;
        var m = PathPattern().Match(path);
        if (!m.Success) return false;
        if (!int.TryParse(m.Groups["layer"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int layer)) return false;
        if (!int.TryParse(m.Groups["index"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int index)) return false;
        var kind = m.Groups["kind"].Value == "mlp" ? UnitKind.Mlp : UnitKind.AttentionHead;
        id = new UnitId(layer, kind, index);
        return true;
    }

    [GeneratedRegex(@"^layers\.(?<layer>\d+)\.(?<kind>mlp|attn\.head)\[(?<index>\d+)\]$")]
    private static partial Regex PathPattern();
}
