using Subx.Extractors.Baselines;
using Subx.Observation;
using Subx.Runs;

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

    [Fact]
    public void WithGatesEveryTokenCarriesTheMasksLogAlphaOnTAndTheDistractors()
    {
        var zoo = TestZoos.Small;
        var gates = new Subx.Extractors.Baselines.MaskConfig { Steps = 20, BatchSize = 32 };
        var builder = new ObservationBuilder(zoo.Host, new ObservationConfig { Gates = gates, Seed = 3 });
        Assert.Equal(new ObservationBuilder(zoo.Host).FeatureCount + 3, builder.FeatureCount);
        var (t, d1, d2) = (zoo.Tasks[0].Data, zoo.Tasks[1].Data, zoo.Tasks[2].Data);
        var obs = builder.Build(t, [d1, d2]);
        Assert.Equal(new long[] { zoo.Host.Units.Count, builder.FeatureCount }, obs.Tokens.shape);

        // The gate column is the mask baseline's own fit (same settings, seed and b), standardised.
        var logAlpha = Subx.Extractors.Baselines.MaskExtractor.Fit(zoo.Host, t, [], gates, 0.5, 3);
        Assert.Equal(logAlpha, builder.Gates(t));
        var column = obs.Tokens.select(1, builder.FeatureCount - 3).data<float>().ToArray();
        double mean = logAlpha.Average(), std = Math.Sqrt(logAlpha.Average(v => (v - mean) * (v - mean)));
        for (int i = 0; i < column.Length; i++) Assert.Equal((logAlpha[i] - mean) / std, column[i], 3);

        // T minus the distractors' mean: the planted units of T stand out against the others.
        var difference = obs.Tokens.select(1, builder.FeatureCount - 1).data<float>().ToArray();
        var truth = zoo.Tasks[0].Truth;
        var inside = Enumerable.Range(0, column.Length).Where(truth.Contains).Average(i => difference[i]);
        var outside = Enumerable.Range(0, column.Length).Where(i => !truth.Contains(i)).Average(i => difference[i]);
        Assert.True(inside > outside, $"gate difference inside the truth {inside:F2} <= outside {outside:F2}");

        // The distractors' column is centred but shares T's scale, so T's column less λ times it is
        // the raw gate(T) − λ·gate(D) up to one positive factor and a constant.
        var dGates = builder.Gates(d1).Zip(builder.Gates(d2), (a, b) => (a + b) / 2).ToArray();
        var dColumn = obs.Tokens.select(1, builder.FeatureCount - 2).data<float>().ToArray();
        double dMean = dGates.Average();
        for (int i = 0; i < dColumn.Length; i++) Assert.Equal((dGates[i] - dMean) / std, dColumn[i], 3);
        for (int i = 0; i < column.Length; i++)
            Assert.Equal((logAlpha[i] - 0.5 * dGates[i] - (mean - 0.5 * dMean)) / std, column[i] - 0.5 * dColumn[i], 3);
    }

    [Fact]
    public void GatesFittedAheadReportTheirProgressAndFillTheCacheEveryBuilderReads()
    {
        // An SE extraction fits the gates first, so its bar moves while they train (most of its start on a BERT).
        var zoo = TestZoos.Small;
        var config = new ObservationConfig { Gates = new MaskConfig { Steps = 40, BatchSize = 32 }, Seed = 11 };
        var builder = new ObservationBuilder(zoo.Host, config);
        var (t, d) = (zoo.Tasks[0].Data, zoo.Tasks[1].Data);
        Assert.Equal(2, builder.GatesToFit([t, d, t]));

        var reports = new List<double>();
        builder.FitGates([t, d], new Inline<double>(reports.Add));
        Assert.Equal(reports.Order(), reports);
        Assert.Contains(reports, f => f > 0 && f < 0.5);   // inside the first task's fit
        Assert.Contains(reports, f => f > 0.5 && f < 1);   // inside the second's
        Assert.Equal(1, reports[^1]);

        Assert.Equal(0, builder.GatesToFit([t, d]));
        Assert.Equal(0, new ObservationBuilder(zoo.Host, config).GatesToFit([t, d])); // one cache for the process
        Assert.Equal(MaskExtractor.Fit(zoo.Host, t, [], config.Gates, config.GateSizePenalty, config.Seed), builder.Gates(t));
        Assert.Equal(0, new ObservationBuilder(zoo.Host).GatesToFit([t])); // no gates, nothing to fit
    }

    [Fact]
    public void AGateSeedRefitsTheGatesAndLeavesTheRestOfTheObservation()
    {
        // An extraction fits the gates under its own seed; the sketches and row samples stay the policy's.
        var zoo = TestZoos.Small;
        var config = new ObservationConfig { Gates = new MaskConfig { Steps = 20, BatchSize = 32 }, Seed = 4 };
        var t = zoo.Tasks[0].Data;
        var trained = new ObservationBuilder(zoo.Host, config);
        var same = new ObservationBuilder(zoo.Host, config, gateSeed: 4);
        var other = new ObservationBuilder(zoo.Host, config, gateSeed: 9);
        Assert.Equal(trained.Gates(t), same.Gates(t));
        Assert.Equal(MaskExtractor.Fit(zoo.Host, t, [], config.Gates, config.GateSizePenalty, 9), other.Gates(t));
        Assert.NotEqual(trained.Gates(t), other.Gates(t));

        int gateColumns = ObservationBuilder.GateColumns;
        var a = trained.Build(t, [zoo.Tasks[1].Data]).Tokens;
        var b = other.Build(t, [zoo.Tasks[1].Data]).Tokens;
        long rest = a.shape[1] - gateColumns;
        Assert.True(a.narrow(1, 0, rest).eq(b.narrow(1, 0, rest)).all().item<bool>(), "a gate seed changed more than the gate columns");
        Assert.False(a.narrow(1, rest, gateColumns).eq(b.narrow(1, rest, gateColumns)).all().item<bool>());
    }

    [Fact]
    public void SeveralGateFitsAverageTheirOwnSeedsAndCountAsFitsToMake()
    {
        // k fits under gate seed S are the fits under S·k … S·k + k − 1, averaged unit by unit: seeds apart never share one.
        var zoo = TestZoos.Small;
        var config = new ObservationConfig { Gates = new MaskConfig { Steps = 20, BatchSize = 32 }, Seed = 5 };
        var t = zoo.Tasks[2].Data;
        var averaged = new ObservationBuilder(zoo.Host, config, gateSeed: 3, gateFits: 2);
        Assert.Equal(2, averaged.GatesToFit([t]));
        var six = MaskExtractor.Fit(zoo.Host, t, [], config.Gates, config.GateSizePenalty, 6);
        var seven = MaskExtractor.Fit(zoo.Host, t, [], config.Gates, config.GateSizePenalty, 7);
        var gates = averaged.Gates(t);
        for (int i = 0; i < gates.Length; i++) Assert.Equal((six[i] + seven[i]) / 2, gates[i], 12);
        Assert.Equal(0, averaged.GatesToFit([t]));
        Assert.Equal(six, new ObservationBuilder(zoo.Host, config, gateSeed: 6).Gates(t)); // the fit under 6 is cached and reused
        Assert.Equal(1, new ObservationBuilder(zoo.Host, config, gateSeed: 2, gateFits: 3).GatesToFit([t])); // 6, 7 and 8: only 8 is new
        Assert.Throws<ArgumentOutOfRangeException>(() => new ObservationBuilder(zoo.Host, config, gateFits: 0).Gates(t));
    }
}
