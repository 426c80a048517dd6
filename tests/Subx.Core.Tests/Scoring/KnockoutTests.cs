using Subx.Scoring;
using Subx.Units;

namespace Subx.Tests.Scoring;

public class KnockoutTests
{
    [Theory]
    [InlineData(Ablation.Mean)]
    [InlineData(Ablation.Resample)]
    [InlineData(Ablation.Zero)]
    public void KnockingOutAPlantedTaskDestroysItAndSparesTheOthers(Ablation ablation)
    {
        var zoo = TestZoos.Small;
        for (int t = 0; t < zoo.Tasks.Count; t++)
        {
            var tasks = zoo.Tasks.Select(z => z.Data).ToArray();
            var scores = Knockout.Measure(zoo.Host, zoo.Tasks[t].Truth, tasks, seed: 0, ablation);
            Assert.Equal(tasks.Select(d => d.Name), scores.Select(s => s.Task));
            var own = scores[t];
            Assert.True(own.Intact > 0.7, $"{own.Task}: intact M's probe {own.Intact}");
            // The task's own units carry it: without them the probe falls to near chance, far below
            // where random units of the same size leave it.
            Assert.True(own.WithoutSubnet < 0.35, $"{own.Task} without its units: {own.WithoutSubnet}");
            Assert.True(own.Drop > 0.2, $"{own.Task}: random units {own.WithoutRandomMean}, its own units {own.WithoutSubnet}");
            foreach (var other in scores.Where((_, i) => i != t))
                Assert.True(other.WithoutSubnet > other.Intact - 0.15, $"{other.Task} without {own.Task}'s units: {other.WithoutSubnet} (intact {other.Intact})");
            // Alone in M, the task's units still do it; random units of their size do less (a linear
            // task can be read off many units, so not nothing).
            Assert.True(own.OnlySubnet > own.Intact - 0.15, $"{own.Task}: its units alone {own.OnlySubnet} (intact {own.Intact})");
            Assert.True(own.OnlySubnet > own.OnlyRandomMean + 0.15, $"{own.Task}: its units alone {own.OnlySubnet}, random units alone {own.OnlyRandomMean}");
        }
    }

    [Fact]
    public void MeanAblationSparesWhatZeroingBreaks()
    {
        // Zeroing a unit also takes away its typical output, which the units downstream of it read: on
        // the zoo a task's units zeroed cost the other tasks more than the same units set to their means.
        var zoo = TestZoos.Small;
        var tasks = zoo.Tasks.Select(z => z.Data).ToArray();
        double Loss(Ablation a) => Enumerable.Range(0, tasks.Length).Average(t =>
            Knockout.Measure(zoo.Host, zoo.Tasks[t].Truth, tasks, seed: 0, a).Where((_, i) => i != t).Average(k => k.Intact - k.WithoutSubnet));
        double mean = Loss(Ablation.Mean), zero = Loss(Ablation.Zero);
        Assert.True(mean < zero, $"the others' mean loss: {mean} mean-ablated, {zero} zeroed");
    }

    [Fact]
    public void IntactIsTheKnockoutsProbeOnMAndNothingKnockedOutChangesNothing()
    {
        var zoo = TestZoos.Small;
        var task = zoo.Tasks[1].Data;
        var scores = Knockout.Measure(zoo.Host, Subnet.Empty(zoo.Host.Units), [task], seed: 3, randomDraws: 2);
        Assert.Equal(WholeModelProbe.Score(zoo.Host, task, Knockout.Probe), scores[0].Intact);
        Assert.Equal(scores[0].Intact, scores[0].WithoutSubnet);
        Assert.Equal([scores[0].Intact, scores[0].Intact], scores[0].WithoutRandom);
        // Nothing kept: every unit writes its mean, the same for every row, so the probe says one class for all (chance).
        Assert.Equal(0, scores[0].OnlySubnet, 9);
        Assert.Equal([0, 0], scores[0].OnlyRandom);
    }

    [Fact]
    public void RandomDrawsAreSeededAndSizedAsTheSubnet()
    {
        var zoo = TestZoos.Small;
        var task = zoo.Tasks[0].Data;
        var truth = zoo.Tasks[2].Truth;
        var a = Knockout.Measure(zoo.Host, truth, [task], seed: 5)[0];
        var b = Knockout.Measure(zoo.Host, truth, [task], seed: 5)[0];
        var c = Knockout.Measure(zoo.Host, truth, [task], seed: 6)[0];
        Assert.Equal(a.WithoutRandom, b.WithoutRandom);
        Assert.Equal(a.OnlyRandom, b.OnlyRandom);
        Assert.NotEqual(a.WithoutRandom, c.WithoutRandom);
        Assert.Equal(a.WithoutSubnet, c.WithoutSubnet);
        Assert.Equal(Knockout.RandomDraws, a.WithoutRandom.Count);
        Assert.Equal(Knockout.RandomDraws, a.OnlyRandom.Count);
    }
}
