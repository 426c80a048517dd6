using System.Text.Json.Nodes;
using Subx.Units;

namespace Subx.Tests.Units;

public class SubnetTests
{
    // Layer 0: three units of 5 parameters; layer 1: two units of 4 parameters. Total 23.
    private static readonly UnitSpace Space = new(
        Enumerable.Range(0, 3).Select(i => new UnitInfo(new UnitId(0, UnitKind.Mlp, i), 5))
            .Concat(Enumerable.Range(0, 2).Select(i => new UnitInfo(new UnitId(1, UnitKind.Mlp, i), 4))));

    [Fact]
    public void SizeIsTheFractionOfUnitParametersKept()
    {
        var s = new Subnet(Space, [true, false, false, true, true]);
        Assert.Equal(13, s.KeptParameters);
        Assert.Equal(13.0 / 23, s.Size, 12);
        Assert.Equal(3, s.UnitCount);
        Assert.Equal(0, Subnet.Empty(Space).Size);
        Assert.Equal(1, Subnet.All(Space).Size);
    }

    [Fact]
    public void TopBySizeTakesTheBestUnitsWithinTheBudget()
    {
        double[] scores = [0.1, 0.9, 0.5, 0.8, 0.2];
        var s = Subnet.TopBySize(Space, scores, 9.0 / 23);   // budget 9: unit 1 (5) + unit 3 (4)
        Assert.Equal(["layers.0.mlp[1]", "layers.1.mlp[0]"], s.Units.Select(u => u.ToString()));
        var e = Assert.Throws<SubxException>(() => Subnet.TopBySize(Space, scores, 1.5));
        Assert.Equal("size: size: expected a fraction in (0, 1], found 1.5.", e.Message);
        Assert.Throws<SubxException>(() => Subnet.TopBySize(Space, scores, 0));
    }

    [Fact]
    public void JaccardIsParameterWeighted()
    {
        var a = new Subnet(Space, [true, true, false, false, false]);  // 10
        var b = new Subnet(Space, [false, true, false, true, false]); // 9
        Assert.Equal(5.0 / 14, a.Jaccard(b), 12);
        Assert.Equal(1, a.Jaccard(a));
        Assert.Equal(0, Subnet.Empty(Space).Jaccard(Subnet.Empty(Space)));
    }

    [Fact]
    public void JsonUnitsRoundTripAndUnknownUnitsAreNamed()
    {
        var s = new Subnet(Space, [false, true, false, false, true]);
        var back = Subnet.FromJsonUnits(Space, JsonNode.Parse(s.ToJsonUnits().ToJsonString()), "s.json");
        Assert.Equal(s.Mask, back.Mask);
        var e = Assert.Throws<SubxException>(() => Subnet.FromJsonUnits(Space, JsonNode.Parse("[\"layers.4.mlp[0]\"]"), "s.json"));
        Assert.Equal("s.json: units: expected units of the host (5 units), found 'layers.4.mlp[0]', which the host does not have.", e.Message);
        e = Assert.Throws<SubxException>(() => Subnet.FromJsonUnits(Space, JsonNode.Parse("[\"neuron 3\"]"), "s.json"));
        Assert.Equal("s.json: units: expected unit paths like `layers.0.mlp[3]`, found \"neuron 3\".", e.Message);
    }

    [Fact]
    public void LayoutCountsAndNamesTheKeptUnitsOfEveryLayerAndKind()
    {
        // A BERT-like space listed neurons first: layer 0 has 3 neurons and 2 heads, layer 1 has 2 neurons.
        var space = new UnitSpace([
            new UnitInfo(new UnitId(0, UnitKind.Mlp, 0), 2), new UnitInfo(new UnitId(0, UnitKind.Mlp, 1), 2), new UnitInfo(new UnitId(0, UnitKind.Mlp, 2), 2),
            new UnitInfo(new UnitId(0, UnitKind.AttentionHead, 0), 8), new UnitInfo(new UnitId(0, UnitKind.AttentionHead, 1), 8),
            new UnitInfo(new UnitId(1, UnitKind.Mlp, 0), 2), new UnitInfo(new UnitId(1, UnitKind.Mlp, 1), 2)]);
        var layout = new Subnet(space, [false, true, true, false, true, false, false]).Layout();
        Assert.Equal(
            ["0 AttentionHead 2: 1", "0 Mlp 3: 1 2", "1 Mlp 2: "],
            layout.Select(s => $"{s.Layer} {s.Kind} {s.Total}: {string.Join(' ', s.Kept)}"));
        // Every layer and kind is listed, kept or not, and the counts add up to the subnet's.
        Assert.Equal(space.Count, layout.Sum(s => s.Total));
        Assert.Equal(Subnet.Empty(space).Layout().Select(s => (s.Layer, s.Kind)), layout.Select(s => (s.Layer, s.Kind)));
        Assert.Equal(3, layout.Sum(s => s.Kept.Count));
    }
}
