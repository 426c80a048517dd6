using Subx.Extractors;
using Subx.Extractors.Baselines;
using Subx.Hosts;
using Subx.Rewards;
using Subx.Scoring;
using Subx.Tasks;
using Subx.Units;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Subx.Tests.Extractors;

/// <summary>The task-aware baselines (correlation, attribution) on a small planted zoo and on a hand-built micro host.</summary>
public class BaselineExtractorTests(ITestOutputHelper output)
{
    /// <summary>A zoo small enough to build in a few seconds; built once for the whole class.</summary>
    // The shared small zoo (one task of each kind); the truth checks below apply to its linear task.


    private const double MinAuc = 0.8;

    public static TheoryData<string> TaskAware => new() { "correlation", "attribution" };

    [Theory]
    [MemberData(nameof(TaskAware))]
    public void FindsThePlantedUnitsOfLinearTasks(string name)
    {
        var zoo = TestZoos.Small;
        var extractor = ExtractorRegistry.Create(name);
        for (int t = 0; t < zoo.Tasks.Count; t++)
        {
            var result = extractor.Extract(Request(zoo, t, size: 0.2));
            double auc = Auc(result.UnitScores, zoo.Tasks[t].Truth);
            output.WriteLine($"{name} {zoo.Tasks[t].Name}: AUC {auc:F3}");
            if (zoo.Tasks[t].Kind == "linear")
                Assert.True(auc >= MinAuc, $"{name} on {zoo.Tasks[t].Name}: truth AUC {auc:F3}, expected at least {MinAuc}");
        }
    }

    [Theory]
    [MemberData(nameof(TaskAware))]
    public void SameSeedGivesTheSameScores(string name)
    {
        var zoo = TestZoos.Small;
        var a = ExtractorRegistry.Create(name).Extract(Request(zoo, 0, size: 0.2, seed: 7));
        var b = ExtractorRegistry.Create(name).Extract(Request(zoo, 0, size: 0.2, seed: 7));
        Assert.Equal(a.UnitScores, b.UnitScores);
        Assert.Equal(a.Subnet.Mask, b.Subnet.Mask);
    }

    [Theory]
    [MemberData(nameof(TaskAware))]
    public void SubnetRespectsTheSizeBudget(string name)
    {
        var zoo = TestZoos.Small;
        const double size = 0.2;
        var result = ExtractorRegistry.Create(name).Extract(Request(zoo, 2, size));
        var space = zoo.Host.Units;
        double oneUnit = (double)space.Units.Max(u => u.ParameterCount) / space.TotalParameters;
        Assert.InRange(result.Subnet.Size, size - oneUnit, size + oneUnit);
        Assert.Equal(space.Count, result.UnitScores.Length);
    }

    [Fact]
    public void RegistryListsTheTaskAwareBaselinesAfterMagnitude()
    {
        var names = ExtractorRegistry.Names.ToList();
        int magnitude = names.IndexOf("magnitude");
        Assert.Equal(new[] { "correlation", "attribution" }, names.Skip(magnitude + 1).Take(2));
        Assert.IsType<CorrelationExtractor>(ExtractorRegistry.Create("correlation"));
        Assert.IsType<AttributionExtractor>(ExtractorRegistry.Create("attribution"));
    }

    [Fact]
    public void CorrelationOnMicroHostGivesHandComputedScores()
    {
        var (host, onX0, _) = MicroHost();
        var scores = new CorrelationExtractor().Extract(Request(host, onX0, [])).UnitScores;

        // Unit 0 is the label's indicator: with p the positive fraction of the train rows, the
        // class means are 1 and 0, the mean p, the std √(p(1−p)).
        double p = onX0.LabelsOf(onX0.Splits.Train).Average(y => onX0.Classes[y] == "pos" ? 1.0 : 0.0);
        double expected = Math.Max(p, 1 - p) / (Math.Sqrt(p * (1 - p)) + CorrelationExtractor.Eps);
        Assert.Equal(expected, scores[0], 9);
        Assert.Equal(0.0, scores[1]);
        Assert.True(scores[2] > 0 && scores[2] < scores[0], $"unit 2 (input 1, unrelated to the label) scored {scores[2]}; unit 0 {scores[0]}");
    }

    [Fact]
    public void CorrelationSubtractsTheDistractors()
    {
        var (host, onX0, onX1) = MicroHost();
        var scores = new CorrelationExtractor().Extract(Request(host, onX0, [onX1])).UnitScores;
        Assert.True(scores[0] > 0.5, $"unit 0 (T's input) scored {scores[0]}");
        Assert.Equal(0.0, scores[1]);
        Assert.True(scores[2] < -0.5, $"unit 2 (the distractor's input) scored {scores[2]}");
    }

    [Fact]
    public void AttributionOnMicroHostRanksTheLabelUnitFirstAndTheDeadUnitAtZero()
    {
        var (host, onX0, onX1) = MicroHost();
        var scores = new AttributionExtractor().Extract(Request(host, onX0, [])).UnitScores;
        Assert.Equal(0.0, scores[1]);
        Assert.True(scores[0] > scores[2], $"unit 0 scored {scores[0]}, unit 2 {scores[2]}");

        var contrasted = new AttributionExtractor().Extract(Request(host, onX0, [onX1])).UnitScores;
        Assert.True(contrasted[0] > 0 && contrasted[2] < 0, $"with the x1 task as distractor: unit 0 {contrasted[0]}, unit 2 {contrasted[2]}");
    }

    /// <summary>
    /// 2 inputs → 3 ReLU units: unit 0 copies input 0, unit 1 is always 0 (zero weights, bias −1),
    /// unit 2 copies input 1. Inputs are ±1, so each copying unit is the indicator of its input's sign.
    /// Two tasks on the same rows: the sign of input 0, and the sign of input 1.
    /// </summary>
    private static (MlpHost Host, TaskData OnX0, TaskData OnX1) MicroHost()
    {
        var weight = tensor(new float[] { 1, 0, 0, 0, 0, 1 }).reshape(3, 2); // [3, 2]
        var bias = tensor(new float[] { 0, -1, 0 });                       // [3]
        var host = new MlpHost(2, [weight], [bias], []);
        float[][] corners = [[-1, -1], [-1, 1], [1, -1], [1, 1]];
        var rows = Enumerable.Range(0, 100).Select(i => corners[i % 4]).ToArray();
        string Sign(float v) => v > 0 ? "pos" : "neg";
        var split = new SplitConfig(Seed: 3);
        return (host,
            TaskData.FromFeatures("x0", rows, rows.Select(r => Sign(r[0])).ToArray(), split),
            TaskData.FromFeatures("x1", rows, rows.Select(r => Sign(r[1])).ToArray(), split));
    }

    private static ExtractionRequest Request(Zoo zoo, int task, double size, int seed = 0) =>
        Request(zoo.Host, zoo.Tasks[task].Data, zoo.Tasks.Where((_, i) => i != task).Select(t => t.Data).ToList(), size, seed);

    private static ExtractionRequest Request(MlpHost host, TaskData task, IReadOnlyList<TaskData> distractors, double size = 0.3, int seed = 0) =>
        new(host, task, distractors, size, new RewardConfig(), new Scorer(host, new ScorerConfig()), seed);

    /// <summary>ROC-AUC of scores against the truth: the probability a random true unit outscores a random false one, ties half.</summary>
    private static double Auc(double[] scores, Subnet truth)
    {
        var pos = Enumerable.Range(0, scores.Length).Where(truth.Contains).Select(i => scores[i]).ToArray();
        var neg = Enumerable.Range(0, scores.Length).Where(i => !truth.Contains(i)).Select(i => scores[i]).ToArray();
        double wins = 0;
        foreach (double p in pos)
            foreach (double n in neg)
                wins += p > n ? 1 : p == n ? 0.5 : 0;
        return wins / (pos.Length * (double)neg.Length);
    }
}
