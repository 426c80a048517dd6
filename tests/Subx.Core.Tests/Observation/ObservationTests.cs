using Subx.Observation;

namespace Subx.Tests.Observation;

public class ObservationTests
{
    [Fact]
    public void OneStandardisedTokenPerUnit()
    {
        var zoo = TestZoos.Small;
        var builder = new ObservationBuilder(zoo.Host);
        var obs = builder.Build(zoo.Tasks[0].Data, [zoo.Tasks[1].Data, zoo.Tasks[2].Data]);
        Assert.Equal(new long[] { zoo.Host.Units.Count, builder.FeatureCount }, obs.Tokens.shape);
        var means = obs.Tokens.mean([0]).data<float>().ToArray();
        Assert.All(means, m => Assert.Equal(0, m, 4));
        Assert.Equal(zoo.Host.Units.Units.Select(u => (long)u.Id.Layer), obs.Layers.data<long>().ToArray());
    }

    [Fact]
    public void ThePlantedUnitsSeparateTheirTaskBetterThanOthersDirectlyOrOneHopDown()
    {
        // The SE must be able to find a parity column's first layer, which barely separates the
        // classes itself: the one-hop-down separation (through the units it feeds) carries it.
        var zoo = TestZoos.Small;
        var parity = zoo.Tasks.Single(t => t.Kind == "parity");
        var builder = new ObservationBuilder(zoo.Host);
        var stats = builder.Stats(parity.Data);
        var firstLayer = zoo.Host.Units.PositionsOf(0, Subx.Units.UnitKind.Mlp);
        var truth = firstLayer.Where(parity.Truth.Contains).ToArray();
        var others = firstLayer.Where(i => !parity.Truth.Contains(i)).ToArray();
        var obs = builder.Build(parity.Data, []);
        int downColumn = 2 * builder.Config.SketchWidth + 2 + 6; // static features, then mean, std, sep, dMean, dMax, upT, downT
        var down = obs.Tokens.select(1, downColumn).data<float>().ToArray();
        Assert.True(truth.Average(i => down[i]) > others.Average(i => down[i]) + 1, "one hop down does not single out the parity column");
        Assert.True(stats.Separation.Length == zoo.Host.Units.Count);
    }
}
