using Subx.Hosts;
using Subx.Tasks;

namespace Subx.Tests.Hosts;

public class ZooTests
{
    [Fact]
    public void TheHostLearnsEveryTask()
    {
        var zoo = TestZoos.Small;
        Assert.Equal(["linear0", "mlp1", "parity2"], zoo.Tasks.Select(t => t.Name));
        Assert.All(zoo.Accuracy, a => Assert.True(a >= TestZoos.SmallConfig.MinAccuracy, $"accuracy {a}"));
    }

    [Fact]
    public void AblatingATasksUnitsDestroysItAndSparesTheOthers()
    {
        var zoo = TestZoos.Small;
        for (int t = 0; t < zoo.Tasks.Count; t++)
        {
            // Recompute rather than trust the stored matrix: ablate the truth in the host itself.
            var keep = zoo.Tasks[t].Truth.Mask.Select(m => !m).ToArray();
            Assert.True(Metrics.NormalizedScore(Zoo.TestAccuracy(zoo.Host, zoo.Tasks[t], keep), 2) < 0.2, $"task {t} survives its own ablation");
            for (int u = 0; u < zoo.Tasks.Count; u++)
                if (u != t)
                    Assert.True(zoo.Accuracy[u] - Zoo.TestAccuracy(zoo.Host, zoo.Tasks[u], keep) <= 0.1, $"ablating {t} breaks {u}");
        }
    }

    [Fact]
    public void TheTruthIsAColumnHiddenByPermutation()
    {
        var zoo = TestZoos.Small;
        var cfg = TestZoos.SmallConfig;
        foreach (var task in zoo.Tasks)
        {
            var units = task.Truth.Units.ToList();
            Assert.Equal(cfg.Group * cfg.Layers, units.Count);
            Assert.All(Enumerable.Range(0, cfg.Layers), l => Assert.Equal(cfg.Group, units.Count(u => u.Layer == l)));
        }
        // Permuted: the first task's units are not simply the first Group positions of each layer.
        Assert.NotEqual(Enumerable.Range(0, cfg.Group), zoo.Tasks[0].Truth.Units.Where(u => u.Layer == 0).Select(u => u.Index));
        // Noise: no weight is exactly zero, so the blocks do not show.
        Assert.All(zoo.Host.Weights, w => Assert.Equal(0, (w == Held.Zero).sum().item<long>()));
    }

    [Fact]
    public void SaveThenLoadKeepsHostTruthAndData()
    {
        using var dir = new TempDir();
        var zoo = TestZoos.Small;
        zoo.Save(dir.Path);
        var back = Zoo.Load(dir.Path);
        for (int t = 0; t < zoo.Tasks.Count; t++)
        {
            Assert.Equal(zoo.Tasks[t].Truth.Mask, back.Tasks[t].Truth.Mask);
            Assert.Equal(zoo.Tasks[t].Data.Labels, back.Tasks[t].Data.Labels);
            Assert.Equal(zoo.Accuracy[t], back.Accuracy[t], 6);
        }
        var e = Assert.Throws<SubxException>(() => zoo.Save(dir.Path));
        Assert.Equal($"{dir.Path}: already holds a zoo or host; choose an empty folder (nothing was written).", e.Message);
    }

    [Fact]
    public void ATruthNamingAUnitTheHostLacksIsAnError()
    {
        using var dir = new TempDir();
        TestZoos.Small.Save(dir.Path);
        string truth = dir.File(Zoo.TruthFile);
        File.WriteAllText(truth, File.ReadAllText(truth).Replace("\"layers.0.mlp[", "\"layers.9.mlp["));
        var e = Assert.Throws<SubxException>(() => Zoo.Load(dir.Path));
        Assert.StartsWith($"{truth} task 'linear0': units: expected units of the host (56 units), found 'layers.9.mlp[", e.Message);
    }

    [Fact]
    public void AHostThatDidNotLearnIsRefusedAndNothingIsWritten()
    {
        var cfg = TestZoos.SmallConfig with { TrainSteps = 3, Samples = 500 };
        var e = Assert.Throws<SubxException>(() => Zoo.Build(cfg));
        Assert.Matches(@"^zoo: task '\w+' \(\w+\): the host reached [\d.]+ % test accuracy; expected at least 85\.0 %\. No zoo was written\.", e.Message);
    }

    [Fact]
    public void BadSettingsAreNamed()
    {
        var e = Assert.Throws<SubxException>(() => Zoo.Build(new ZooConfig { Kinds = ["linear", "xor"] }));
        Assert.Equal("zoo: kinds: expected one of linear, mlp, parity, found 'xor'.", e.Message);
        e = Assert.Throws<SubxException>(() => Zoo.Build(new ZooConfig { Tasks = 1 }));
        Assert.Equal("zoo: tasks: expected at least 2 (a task needs distractors), found 1.", e.Message);
    }
}
