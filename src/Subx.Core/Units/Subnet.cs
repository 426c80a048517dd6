using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Subx.Units;

/// <summary>
/// A set of units of one host: a mask over its <see cref="UnitSpace"/>. Its size is the fraction of
/// the host's unit parameters that it keeps, in [0, 1].
/// </summary>
public sealed class Subnet
{
    private readonly bool[] _mask;

    /// <summary>The units of <paramref name="space"/> whose entry of <paramref name="mask"/> is true (the mask is copied).</summary>
    public Subnet(UnitSpace space, bool[] mask)
    {
        if (mask.Length != space.Count)
            throw new ArgumentException($"mask has {mask.Length} entries; the unit space has {space.Count}");
        Space = space;
        _mask = (bool[])mask.Clone();
        long kept = 0;
        for (int i = 0; i < mask.Length; i++) if (mask[i]) kept += space[i].ParameterCount;
        KeptParameters = kept;
    }

    /// <summary>The unit space this subnet masks.</summary>
    public UnitSpace Space { get; }

    /// <summary>Whether each unit (by position in the space) is kept.</summary>
    public IReadOnlyList<bool> Mask => _mask;

    /// <summary>Number of host unit parameters kept.</summary>
    public long KeptParameters { get; }

    /// <summary>Fraction of the host's unit parameters kept, in [0, 1].</summary>
    public double Size => Space.TotalParameters == 0 ? 0 : (double)KeptParameters / Space.TotalParameters;

    /// <summary>Number of units kept.</summary>
    public int UnitCount => _mask.Count(m => m);

    /// <summary>The kept units, in space order.</summary>
    public IEnumerable<UnitId> Units => Enumerable.Range(0, _mask.Length).Where(i => _mask[i]).Select(i => Space[i].Id);

    /// <summary>Whether the unit at a position is kept.</summary>
    public bool Contains(int position) => _mask[position];

    /// <summary>A subnet with no units.</summary>
    public static Subnet Empty(UnitSpace space) => new(space, new bool[space.Count]);

    /// <summary>A subnet with every unit.</summary>
    public static Subnet All(UnitSpace space) => new(space, Enumerable.Repeat(true, space.Count).ToArray());

    /// <summary>Every unit this subnet does not keep.</summary>
    public Subnet Complement() => new(Space, _mask.Select(kept => !kept).ToArray());

    /// <summary>Gates [1, units] as <see cref="Hosts.IHost.Represent"/> takes them: 1 for each kept unit, 0 for every other (ablated).</summary>
    public Tensor Gates() => tensor(_mask.Select(kept => kept ? 1f : 0f).ToArray(), [1, _mask.Length]);

    /// <summary>A subnet of the named units; every unit must exist in the space.</summary>
    public static Subnet FromUnits(UnitSpace space, IEnumerable<UnitId> units, string where = "subnet")
    {
        var mask = new bool[space.Count];
        foreach (var id in units)
        {
            int i = space.IndexOf(id);
            if (i < 0)
                throw SubxException.Bad(where, "units", $"units of the host ({space.Count} units)", $"'{id}', which the host does not have");
            mask[i] = true;
        }
        return new Subnet(space, mask);
    }

    /// <summary>
    /// The highest-scoring units whose parameters add up to at most <paramref name="size"/> of the
    /// host (at least one unit). Ties break by position, so the choice is deterministic.
    /// </summary>
    public static Subnet TopBySize(UnitSpace space, IReadOnlyList<double> scores, double size)
    {
        if (scores.Count != space.Count)
            throw new ArgumentException($"{scores.Count} scores for {space.Count} units");
        if (!(size > 0 && size <= 1))
            throw SubxException.Bad("size", "size", "a fraction in (0, 1]", size.ToString("G4"));
        var order = Enumerable.Range(0, space.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
        var mask = new bool[space.Count];
        long budget = (long)Math.Round(size * space.TotalParameters), used = 0;
        foreach (int i in order)
        {
            long p = space[i].ParameterCount;
            if (used + p > budget && used > 0) continue;
            mask[i] = true;
            used += p;
            if (used >= budget) break;
        }
        return new Subnet(space, mask);
    }

    /// <summary>The units whose score exceeds a threshold.</summary>
    public static Subnet Threshold(UnitSpace space, IReadOnlyList<double> scores, double threshold) =>
        new(space, Enumerable.Range(0, space.Count).Select(i => scores[i] > threshold).ToArray());

    /// <summary>Parameter-weighted Jaccard overlap |A∩B| / |A∪B| (0 when both are empty).</summary>
    public double Jaccard(Subnet other)
    {
        if (!ReferenceEquals(other.Space, Space) && other.Space.Count != Space.Count)
            throw new ArgumentException("subnets of different hosts");
        long inter = 0, union = 0;
        for (int i = 0; i < _mask.Length; i++)
        {
            long p = Space[i].ParameterCount;
            if (_mask[i] && other._mask[i]) inter += p;
            if (_mask[i] || other._mask[i]) union += p;
        }
        return union == 0 ? 0 : (double)inter / union;
    }

    /// <summary>
    /// The share of the host's unit parameters this subnet keeps that at least one of <paramref name="others"/>
    /// also keeps (0 with none): additive, like <see cref="Size"/>, so each shared unit costs its own
    /// parameters and adding unshared units cannot dilute it.
    /// </summary>
    public double SharedWith(IEnumerable<Subnet> others)
    {
        var any = new bool[_mask.Length];
        foreach (var o in others)
        {
            if (!ReferenceEquals(o.Space, Space) && o.Space.Count != Space.Count) throw new ArgumentException("subnets of different hosts");
            for (int i = 0; i < any.Length; i++) any[i] |= o._mask[i];
        }
        long shared = 0;
        for (int i = 0; i < _mask.Length; i++) if (_mask[i] && any[i]) shared += Space[i].ParameterCount;
        return Space.TotalParameters == 0 ? 0 : (double)shared / Space.TotalParameters;
    }

    /// <summary>
    /// Where the subnet lies in its host: for every layer and kind of unit the host has (heads before
    /// neurons within a layer), how many the subnet keeps and which, as a circuit is read layer by layer.
    /// </summary>
    public IReadOnlyList<LayerShare> Layout() => LayerShare.Of(Space.Units.Select(u => u.Id), Units.ToHashSet());

    /// <summary>The manifest's `units` array: each kept unit's path.</summary>
    public JsonArray ToJsonUnits() => new(Units.Select(u => (JsonNode)JsonValue.Create(u.ToString())!).ToArray());

    /// <summary>Reads a `units` array of paths (from a subnet manifest or a truth file).</summary>
    public static Subnet FromJsonUnits(UnitSpace space, JsonNode? units, string where)
    {
        if (units is not JsonArray array)
            throw SubxException.Bad(where, "units", "an array of unit paths", units is null ? "nothing" : units.GetValueKind().ToString());
        var ids = new List<UnitId>();
        foreach (var node in array)
        {
            string? text = node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
            if (!UnitId.TryParse(text, out var id))
                throw SubxException.Bad(where, "units", "unit paths like `layers.0.mlp[3]`", node?.ToJsonString() ?? "null");
            ids.Add(id);
        }
        return FromUnits(space, ids, where);
    }
}

/// <summary>The units of one layer and kind that a subnet keeps (<see cref="Subnet.Layout"/>).</summary>
/// <param name="Layer">The layer.</param>
/// <param name="Kind">The kind of unit.</param>
/// <param name="Total">How many units of this kind the host's layer has.</param>
/// <param name="Kept">The kept units' indices within the layer, ascending.</param>
public sealed record LayerShare(int Layer, UnitKind Kind, int Total, IReadOnlyList<int> Kept)
{
    /// <summary>
    /// For every layer and kind among <paramref name="units"/> (heads before neurons within a layer),
    /// how many there are and which of them <paramref name="kept"/> holds. What <see cref="Subnet.Layout"/>
    /// gives for a host's units; a report that has only a manifest's unit paths calls it directly.
    /// </summary>
    public static IReadOnlyList<LayerShare> Of(IEnumerable<UnitId> units, IReadOnlySet<UnitId> kept) =>
    [
        .. units.GroupBy(id => (id.Layer, id.Kind))
            .OrderBy(g => g.Key.Layer).ThenBy(g => g.Key.Kind == UnitKind.AttentionHead ? 0 : 1)
            .Select(g => new LayerShare(g.Key.Layer, g.Key.Kind, g.Count(), [.. g.Where(kept.Contains).Select(id => id.Index).Order()])),
    ];

    /// <summary>The kinds of unit a layout has, as its tables and figures list them: heads, then neurons.</summary>
    public static UnitKind[] KindsIn(IReadOnlyList<LayerShare> layout) =>
        layout.Any(s => s.Kind == UnitKind.AttentionHead) ? [UnitKind.AttentionHead, UnitKind.Mlp] : [UnitKind.Mlp];

    /// <summary>`3 of 12: 0, 5, 7` for heads (a layer has few, so they are listed); `41 of 1536 (2.7%)` for neurons.</summary>
    public string Describe()
    {
        string count = $"{Kept.Count} of {Total}";
        if (Kind == UnitKind.AttentionHead)
            return Kept.Count == 0 ? count : $"{count}: {string.Join(", ", Kept)}";
        return $"{count} ({(100.0 * Kept.Count / Total).ToString("F1", System.Globalization.CultureInfo.InvariantCulture)}%)";
    }
}
