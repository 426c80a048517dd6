using Subx.Hosts;
using Subx.Observation;
using Subx.Runs;
using Subx.Tasks;
using static TorchSharp.torch;

namespace Subx.Tests.Observation;

public class UnitProfileTests
{
    [Fact]
    public void APlantedTasksOwnUnitsTellItsClassesApartBetterThanTheOthers()
    {
        var zoo = TestZoos.Small;
        foreach (var t in zoo.Tasks.Where(t => t.Kind != "parity")) // a parity column's first layer does not see the label alone
        {
            var rows = TaskSplits.Subset(t.Data.Splits.Validation, 600);
            var all = UnitProfiles.Compute(zoo.Host, t.Data, [.. Enumerable.Range(0, zoo.Host.Units.Count)], rows, examples: 0);
            double Median(IEnumerable<double> v) { var s = v.Order().ToArray(); return s[s.Length / 2]; }
            double own = Median(all.Where(u => t.Truth.Contains(u.Position)).Select(u => u.Auc));
            double others = Median(all.Where(u => !t.Truth.Contains(u.Position)).Select(u => u.Auc));
            Assert.True(own > others + 0.1, $"{t.Name}: median AUC {own:F3} of its own units, {others:F3} of the others");
        }
    }

    [Fact]
    public void AProfileIsTheUnitsOwnActivationRankedAndScored()
    {
        var zoo = TestZoos.Small;
        var task = zoo.Tasks[0].Data;
        var rows = task.Splits.Validation[..250]; // one chunk, as the direct pass below: the same sums, so exact comparisons hold
        int[] units = [3, 17, zoo.Host.Units.Count - 1];
        var profiles = UnitProfiles.Compute(zoo.Host, task, units, rows, examples: 4);
        using var scope = NewDisposeScope();
        var activations = zoo.Host.UnitActivations(zoo.Host.Inputs(task, rows));
        var labels = task.LabelsOf(rows);
        for (int k = 0; k < units.Length; k++)
        {
            var a = activations[.., units[k]].to_type(ScalarType.Float64).data<double>().ToArray();
            var p = profiles[k];
            Assert.Equal(units[k], p.Position);
            double[] aucs = [.. Enumerable.Range(0, task.ClassCount).Select(c => TruthMetrics.RocAuc(a, labels.Select(l => l == c).ToArray()))];
            Assert.Equal(aucs.Max(), p.Auc, 12);
            Assert.Equal(aucs.Max(), aucs[p.Class], 12);
            Assert.True(p.Auc >= 0.5); // two classes: one of the two AUCs is at least a half
            Assert.Equal(a.Average(), p.Mean, 9);
            Assert.Equal(4, p.TopRows.Count);
            Assert.Equal(a.Order().Reverse().Take(4), p.TopActivations);
            for (int i = 0; i < 4; i++) Assert.Equal(a[Array.IndexOf(rows, p.TopRows[i])], p.TopActivations[i]);
        }
    }

    [Fact]
    public void TokenActivationsAreWhatUnitActivationsPool()
    {
        var host = TestBerts.MiniLm;
        using var scope = NewDisposeScope();
        var (ids, mask) = host.Tokenize(TestBerts.Sentences, 32);
        var x = new HostInputs(host.Embed(ids), mask);
        var tokens = host.TokenActivations(x);                                   // [n, T, units]
        var pooled = host.UnitActivations(x);                                    // [n, units]
        Assert.Equal([mask.shape[0], mask.shape[1], host.Units.Count], tokens.shape);
        // A neuron's pooled activation is its mean over the row's real tokens.
        var neurons = tensor(host.Units.PositionsOf(3, Subx.Units.UnitKind.Mlp).Select(p => (long)p).ToArray());
        var m = mask.to_type(ScalarType.Float32).unsqueeze(2);
        var mean = (tokens.index_select(2, neurons) * m).sum(1) / m.sum(1);
        Assert.True((mean - pooled.index_select(1, neurons)).abs().max().item<float>() < 1e-5);
        // A head's per-token norm is at least the norm of its mean write (the triangle inequality), never below.
        var heads = tensor(host.Units.PositionsOf(3, Subx.Units.UnitKind.AttentionHead).Select(p => (long)p).ToArray());
        var meanNorm = (tokens.index_select(2, heads) * m).sum(1) / m.sum(1);
        Assert.True((meanNorm - pooled.index_select(1, heads)).min().item<float>() > -1e-4);
    }

    [Fact]
    public void APeakTokenIsWhereTheUnitIsHighestInItsRow()
    {
        var host = TestBerts.MiniLm;
        var task = Subx.Tasks.BuiltInTasks.Load("spam_ham");
        var rows = TaskSplits.Subset(task.Splits.Validation, 60);
        var units = host.Units.PositionsOf(2, Subx.Units.UnitKind.Mlp)[..3].Concat(host.Units.PositionsOf(4, Subx.Units.UnitKind.AttentionHead)[..2]).ToArray();
        var profiles = UnitProfiles.Compute(host, task, units, rows, examples: 2);
        var peaks = UnitProfiles.PeakTokens(host, task, profiles);
        using var scope = NewDisposeScope();
        for (int k = 0; k < units.Length; k++)
            for (int j = 0; j < 2; j++)
            {
                var (texts, _) = task.TakeTexts([profiles[k].TopRows[j]]);
                var (ids, mask) = host.Tokenize(texts, host.MaxTokens);
                var a = host.TokenActivations(new HostInputs(host.Embed(ids), mask))[0, .., units[k]].data<float>().ToArray();
                int peak = Array.IndexOf(a, a.Max());
                Assert.Equal(host.Tokenizer.Pieces([(int)ids[0, peak].item<long>()])[0], peaks[k][j]);
            }
    }

    [Fact]
    public void RowsWithoutAClassAreRefused()
    {
        var zoo = TestZoos.Small;
        var task = zoo.Tasks[0].Data;
        var rows = task.Splits.Validation.Where(r => task.Labels[r] == 0).Take(20).ToArray();
        var e = Assert.Throws<SubxException>(() => UnitProfiles.Compute(zoo.Host, task, [0], rows, 1));
        Assert.Equal($"task '{task.Name}': rows: expected rows of every class, found none of class '{task.Classes[1]}' among 20.", e.Message);
    }
}
